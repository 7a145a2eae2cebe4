using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

/// <summary>
/// Pins the reference computation on the authors' released MMSD2.0 files (test split, 2,409 tweets). No text-only
/// predictions were released, so subsets come from the released split files. The expected values were computed
/// independently of this code base (a plain re-implementation of the reference fusion script over the same files);
/// the first test pins the numbers given in the issue.
/// </summary>
public sealed class MmsdReferenceTests
{
    private static ReferenceLayout Layout => ReferenceLayout.Open(SharedData.ReferenceRoot, "mmsd");

    [Fact]
    public async Task Qwen15bMatchesTheIssuesIndependentNumbers()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "qwen-1.5b");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(0.8023, report.Strategy("baseline")!.Metrics.F1, 4);
        Assert.Equal(0.8125, report.Strategy("rus")!.Metrics.F1, 4);
        Assert.Equal(0.8415, report.Strategy("oracle")!.Metrics.F1, 4);
        Assert.Equal(0.7920, report.Strategy("average")!.Metrics.F1, 4);
        Assert.Equal(0.7631, report.Strategy("max")!.Metrics.F1, 4);
        Assert.Equal(0.8020, report.Strategy("softmax")!.Metrics.F1, 4);
        Assert.Equal(0.969, report.PerInteraction.Single(r => r.Type == InteractionType.Redundancy).ExpertOnSubset!.F1, 3);
        Assert.Equal(0.762, report.PerInteraction.Single(r => r.Type == InteractionType.Uniqueness).ExpertOnSubset!.F1, 3);
        Assert.Equal(0.649, report.PerInteraction.Single(r => r.Type == InteractionType.Synergy).ExpertOnSubset!.F1, 3);
        Assert.Contains(report.Omitted, line => line.StartsWith("unimodal_augmented", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, line => line.Contains("mmsd_text_only_pred_qwen2.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Qwen7bMatchesTheIssuesIndependentNumbers()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "qwen-7b");

        Assert.Equal(0.8303, report.Strategy("baseline")!.Metrics.F1, 4);
        Assert.Equal(0.8348, report.Strategy("rus")!.Metrics.F1, 4);
        Assert.Equal(0.8733, report.Strategy("oracle")!.Metrics.F1, 4);
    }

    [Fact]
    public async Task AlbefsRepeatedIdsKeepTheirLastLineAndAreReported()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "albef");

        Assert.Equal(2409, report.Count);
        Assert.Equal(4, report.Warnings.Count(line => line.Contains("repeats 3 ids", StringComparison.Ordinal)));
    }

    /// <summary>mmsd / qwen-0.5b: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task Qwen05bReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "qwen-0.5b");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.8000, 0.7420, 0.8679, 0.8132);
        ReportAssert.Metrics(report, "rus", 0.8078, 0.7606, 0.8611, 0.8236);
        ReportAssert.Metrics(report, "oracle", 0.8425, 0.8127, 0.8746, 0.8593);
        ReportAssert.Metrics(report, "average", 0.7851, 0.7059, 0.8843, 0.7916);
        ReportAssert.Metrics(report, "max", 0.7744, 0.7028, 0.8621, 0.7837);
        ReportAssert.Metrics(report, "softmax", 0.7962, 0.7552, 0.8419, 0.8144);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.7763, 0.6740, 0.9151, 0.7729);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.7606, 0.6841, 0.8563, 0.7680);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.7419, 0.6950, 0.7956, 0.7617);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.7156, 0.7072, 0.7242, 0.7522);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.6653, 0.7164, 0.6210, 0.7310);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 486, 0.9668, 0.9371, 0.7520);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 1716, 0.7635, 0.7614, 0.7898);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 207, 0.5854, 0.2143, 0.3567);
    }

    /// <summary>mmsd / qwen-1.5b: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task Qwen15bReproducesEveryRowOfTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "qwen-1.5b");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.8023, 0.7928, 0.8120, 0.8277);
        ReportAssert.Metrics(report, "rus", 0.8125, 0.7564, 0.8775, 0.8257);
        ReportAssert.Metrics(report, "oracle", 0.8415, 0.7912, 0.8987, 0.8543);
        ReportAssert.Metrics(report, "average", 0.7920, 0.7515, 0.8370, 0.8107);
        ReportAssert.Metrics(report, "max", 0.7631, 0.6946, 0.8467, 0.7738);
        ReportAssert.Metrics(report, "softmax", 0.8020, 0.7626, 0.8457, 0.8203);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.7846, 0.7102, 0.8766, 0.7929);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.7816, 0.7345, 0.8351, 0.7991);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.7662, 0.7537, 0.7792, 0.7954);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.7393, 0.7604, 0.7194, 0.7817);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.6631, 0.7503, 0.5940, 0.7401);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 486, 0.9689, 0.9190, 0.7581);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 1716, 0.7624, 0.7618, 0.8035);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 207, 0.6486, 0.2500, 0.3346);
    }

    /// <summary>mmsd / qwen-7b: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task Qwen7bReproducesEveryRowOfTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "qwen-7b");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.8303, 0.7975, 0.8660, 0.8477);
        ReportAssert.Metrics(report, "rus", 0.8348, 0.8025, 0.8698, 0.8518);
        ReportAssert.Metrics(report, "oracle", 0.8733, 0.8475, 0.9007, 0.8875);
        ReportAssert.Metrics(report, "average", 0.7686, 0.8276, 0.7175, 0.8140);
        ReportAssert.Metrics(report, "max", 0.3498, 0.4314, 0.2941, 0.5293);
        ReportAssert.Metrics(report, "softmax", 0.8272, 0.8060, 0.8496, 0.8472);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.8116, 0.7438, 0.8930, 0.8215);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.8002, 0.7640, 0.8399, 0.8194);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.7908, 0.7889, 0.7927, 0.8194);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.7609, 0.7888, 0.7348, 0.8012);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.7107, 0.7940, 0.6432, 0.7746);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 486, 0.9852, 0.9444, 0.7809);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 1716, 0.8023, 0.8023, 0.8303);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 207, 0.5854, 0.2020, 0.3091);
    }

    /// <summary>mmsd / blip2: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task Blip2ReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "blip2");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.8379, 0.7783, 0.9074, 0.8489);
        ReportAssert.Metrics(report, "rus", 0.8312, 0.7812, 0.8881, 0.8447);
        ReportAssert.Metrics(report, "oracle", 0.8706, 0.8225, 0.9248, 0.8817);
        ReportAssert.Metrics(report, "average", 0.8087, 0.7815, 0.8380, 0.8294);
        ReportAssert.Metrics(report, "max", 0.7679, 0.7801, 0.7560, 0.8032);
        ReportAssert.Metrics(report, "softmax", 0.8254, 0.7845, 0.8708, 0.8414);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.8125, 0.7153, 0.9402, 0.8132);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.8121, 0.7861, 0.8399, 0.8327);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.7625, 0.7935, 0.7338, 0.8032);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.6824, 0.7460, 0.6287, 0.7480);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.6375, 0.7027, 0.5834, 0.7144);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 486, 0.9910, 0.9689, 0.7932);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 1716, 0.8016, 0.8016, 0.8379);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 207, 0.4898, 0.2056, 0.6345);
    }

    /// <summary>mmsd / albef: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task AlbefReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "albef");

        Assert.Equal(2409, report.Count);
        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.7987, 0.7506, 0.8534, 0.8149);
        ReportAssert.Metrics(report, "rus", 0.7819, 0.7069, 0.8746, 0.7900);
        ReportAssert.Metrics(report, "oracle", 0.7655, 0.6890, 0.8611, 0.7729);
        ReportAssert.Metrics(report, "average", 0.7776, 0.6987, 0.8766, 0.7841);
        ReportAssert.Metrics(report, "max", 0.7714, 0.6936, 0.8689, 0.7783);
        ReportAssert.Metrics(report, "softmax", 0.7755, 0.6978, 0.8727, 0.7825);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.7837, 0.7190, 0.8611, 0.7954);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.7414, 0.6768, 0.8197, 0.7538);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.6958, 0.6356, 0.7686, 0.7107);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.6173, 0.5502, 0.7030, 0.6247);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.4811, 0.4422, 0.5275, 0.5102);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 486, 0.8999, 0.9300, 0.7345);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 1716, 0.7191, 0.7547, 0.7717);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 207, 0.2791, 0.2151, 0.4764);
    }
}
