using Mmoe.Interactions;
using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

/// <summary>
/// Pins the reference computation on the authors' released MUStARD files. The expected values were computed
/// independently of this code base (a plain re-implementation of the reference fusion script over the same
/// files); the Qwen2-1.5B table is the one in the foundation issue.
/// </summary>
public sealed class MustardReferenceTests
{
    private static ReferenceLayout Mustard => ReferenceLayout.Open(SharedData.ReferenceRoot, "mustard");

    [Fact]
    public async Task CategorizerReproducesTheReleasedRAndUSubsetsExactly()
    {
        var layout = Mustard;
        var subsets = await LoadTestSubsetsAsync(layout);
        var examples = await ReferenceReaders.ReadDatasetAsync(layout.DatasetFile("test"));
        var order = examples.Select(e => e.Id).ToList();

        foreach (var type in new[] { InteractionType.Redundancy, InteractionType.Uniqueness })
        {
            var released = await ReferenceReaders.ReadSplitIdsAsync(layout.SplitFile(type, "test"));
            Assert.Equal(released.Order(StringComparer.Ordinal), subsets.Subset(type, order).Order(StringComparer.Ordinal));
        }

        Assert.Equal(82, subsets.Subset(InteractionType.Redundancy, order).Count);
        Assert.Equal(233, subsets.Subset(InteractionType.Uniqueness, order).Count);
        Assert.Equal(41, subsets.Subset(InteractionType.Synergy, order).Count);
        Assert.Empty(subsets.Unassigned);
    }

    [Fact]
    public async Task TheReleasedSynergySplitIsStaleAndTheToolSaysSo()
    {
        var subsets = await LoadTestSubsetsAsync(Mustard);
        var synergy = Assert.Single(subsets.Discrepancies);
        Assert.Equal(InteractionType.Synergy, synergy.Type);
        Assert.Equal(24, synergy.OnlyInReleased.Count);
        Assert.Equal(18, synergy.OnlyInComputed.Count);
        Assert.All(synergy.OnlyInReleased, id => Assert.Equal(InteractionType.Uniqueness, subsets.Assignments[id]));
        var warning = Assert.Single(subsets.Warnings);
        Assert.Contains("24", warning, StringComparison.Ordinal);
        Assert.Contains("18", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qwen15bReproducesTheReferenceTable()
    {
        var report = await ReferenceReproduction.RunAsync(Mustard, "qwen-1.5b");

        Assert.Equal(356, report.Count);
        Assert.Equal(SubsetSource.Categorizer, report.Subsets.Source);
        ReportAssert.Metrics(report, "baseline", 0.7128, 0.5840, 0.9145, 0.6854);
        ReportAssert.Metrics(report, "oracle", 0.7730, 0.6560, 0.9408, 0.7640);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.7105, 0.5921, 0.8882, 0.6910);
        ReportAssert.Metrics(report, "average", 0.7165, 0.5890, 0.9145, 0.6910);
        ReportAssert.Metrics(report, "max", 0.7117, 0.5880, 0.9013, 0.6882);
        ReportAssert.Metrics(report, "softmax", 0.7098, 0.5855, 0.9013, 0.6854);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.6697, 0.5160, 0.9539, 0.5983);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.6883, 0.6795, 0.6974, 0.7303);
        Assert.Null(report.Strategy("rus"));
        Assert.Contains(report.Omitted, line => line.StartsWith("rus:", StringComparison.Ordinal));

        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 82, 0.9677, 0.9595, 0.6438);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 233, 0.6569, 0.6286, 0.7135);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 41, 0.1818, 0.1250, 0.5690);
    }

    [Fact]
    public async Task Qwen05bReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Mustard, "qwen-0.5b");
        ReportAssert.Metrics(report, "baseline", 0.7322, 0.6262, 0.8816, 0.7247);
        ReportAssert.Metrics(report, "oracle", 0.7688, 0.6500, 0.9408, 0.7584);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.7089, 0.5761, 0.9211, 0.6770);
        ReportAssert.Metrics(report, "average", 0.6809, 0.5314, 0.9474, 0.6208);
        ReportAssert.Metrics(report, "max", 0.7139, 0.5802, 0.9276, 0.6826);
        ReportAssert.Metrics(report, "softmax", 0.6895, 0.5486, 0.9276, 0.6433);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 233, 0.6473, 0.6489, 0.7077);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 41, 0.2000, 0.1333, 0.5175);
    }

    [Fact]
    public async Task Qwen7bHasNoBaselineAndSaysSo()
    {
        var report = await ReferenceReproduction.RunAsync(Mustard, "qwen-7b");
        Assert.Null(report.Strategy("baseline"));
        Assert.Contains(report.Omitted, line => line.StartsWith("baseline", StringComparison.Ordinal));
        ReportAssert.Metrics(report, "oracle", 0.7855, 0.6812, 0.9276, 0.7837);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.7263, 0.6053, 0.9079, 0.7079);
        ReportAssert.Metrics(report, "average", 0.7089, 0.5761, 0.9211, 0.6770);
        ReportAssert.Metrics(report, "max", 0.6780, 0.5388, 0.9145, 0.6292);
        ReportAssert.Metrics(report, "softmax", 0.7188, 0.5948, 0.9079, 0.6966);
        var synergy = report.PerInteraction.Single(row => row.Type == InteractionType.Synergy);
        Assert.Null(synergy.BaselineOnSubset);
        Assert.Equal(0.2222, synergy.ExpertOnSubset!.F1, 4);
        Assert.Equal(0.4771, synergy.ExpertOnAll!.F1, 4);
    }

    [Fact]
    public async Task Blip2IncludesTheRouterFusion()
    {
        var report = await ReferenceReproduction.RunAsync(Mustard, "blip2");
        ReportAssert.Metrics(report, "baseline", 0.5980, 0.4278, 0.9934, 0.4298);
        ReportAssert.Metrics(report, "rus", 0.6780, 0.5364, 0.9211, 0.6264);
        ReportAssert.Metrics(report, "oracle", 0.7448, 0.6164, 0.9408, 0.7247);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.6667, 0.5546, 0.8355, 0.6433);
        ReportAssert.Metrics(report, "average", 0.6649, 0.5522, 0.8355, 0.6404);
        ReportAssert.Metrics(report, "max", 0.6398, 0.6059, 0.6776, 0.6742);
        ReportAssert.Metrics(report, "softmax", 0.6667, 0.5546, 0.8355, 0.6433);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.6574, 0.6934, 0.6250, 0.7219);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 82, 0.9682, 0.9554, 0.6044);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 233, 0.6000, 0.4837, 0.6785);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 41, 0.2857, 0.0952, 0.4528);
    }

    [Fact]
    public async Task AnUnknownModelListsTheModelsThatHaveOutputs()
    {
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ReferenceReproduction.RunAsync(Mustard, "qwen-72b"));
        Assert.Contains("blip2, qwen-0.5b, qwen-1.5b, qwen-7b", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ReferenceSubsets> LoadTestSubsetsAsync(ReferenceLayout layout)
    {
        var examples = await ReferenceReaders.ReadDatasetAsync(layout.DatasetFile("test"));
        var predictions = await UnimodalPredictionSet.TryLoadAsync(layout);
        Assert.NotNull(predictions);
        return await ReferenceSubsets.LoadAsync(layout, "test", examples.Select(e => new LabeledItem(e.Id, e.Label)).ToList(), predictions);
    }
}
