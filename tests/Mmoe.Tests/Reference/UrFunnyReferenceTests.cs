using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

/// <summary>
/// Pins the reference computation on the authors' released URFunny files (test split, 992 punchlines; humour, not
/// sarcasm). Both unimodal prediction files were released, so subsets come from the categorizer (and agree with the
/// released split files). BLIP-2's R/U/AS files carry three logits per line; the first two are read as [no, yes], and
/// the independent computation does the same. The expected values were computed independently of this code base.
/// </summary>
public sealed class UrFunnyReferenceTests
{
    private static ReferenceLayout Layout => ReferenceLayout.Open(SharedData.ReferenceRoot, "urfunny");

    [Fact]
    public async Task TheCategorizerAgreesWithTheReleasedTestSplits()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "albef");

        Assert.Empty(report.Subsets.Discrepancies);
        Assert.Empty(report.Subsets.Unassigned);
        Assert.Equal(4, report.Warnings.Count(line => line.Contains("repeats 4 ids", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Blip2sThirdLogitIsDroppedAndReported()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "blip2");

        Assert.Equal(3, report.Warnings.Count(line => line.Contains("992 lines carry more than two logits", StringComparison.Ordinal)));
    }

    /// <summary>urfunny / blip2: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task Blip2ReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "blip2");

        Assert.Equal(992, report.Count);
        Assert.Equal(SubsetSource.Categorizer, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "unimodal_augmented", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.7444, 0.6856, 0.8143, 0.7238);
        ReportAssert.Metrics(report, "rus", 0.7403, 0.6613, 0.8408, 0.7087);
        ReportAssert.Metrics(report, "oracle", 0.7839, 0.7110, 0.8735, 0.7621);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.7248, 0.6479, 0.8224, 0.6915);
        ReportAssert.Metrics(report, "average", 0.7431, 0.6465, 0.8735, 0.7016);
        ReportAssert.Metrics(report, "max", 0.7205, 0.6487, 0.8102, 0.6895);
        ReportAssert.Metrics(report, "softmax", 0.7457, 0.6471, 0.8796, 0.7036);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.7321, 0.6459, 0.8449, 0.6946);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.7249, 0.6336, 0.8469, 0.6825);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.7107, 0.6317, 0.8122, 0.6734);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.6697, 0.6097, 0.7429, 0.6381);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.6155, 0.5742, 0.6633, 0.5907);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 277, 0.9403, 0.9042, 0.7090);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 609, 0.6678, 0.6618, 0.7417);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 106, 0.8400, 0.5714, 0.6123);
    }

    /// <summary>urfunny / albef: every row against an independent re-implementation of the reference script.</summary>
    [Fact]
    public async Task AlbefReproducesTheReferenceComputation()
    {
        var report = await ReferenceReproduction.RunAsync(Layout, "albef");

        Assert.Equal(992, report.Count);
        Assert.Equal(SubsetSource.Categorizer, report.Subsets.Source);
        Assert.Equal(["baseline", "rus", "oracle", "unimodal_augmented", "average", "max", "softmax", "cascaded(0.5)", "cascaded(0.6)", "cascaded(0.7)", "cascaded(0.8)", "cascaded(0.9)"], report.Strategies.Select(row => row.Name));
        ReportAssert.Metrics(report, "baseline", 0.6851, 0.6434, 0.7327, 0.6673);
        ReportAssert.Metrics(report, "rus", 0.6841, 0.6295, 0.7490, 0.6583);
        ReportAssert.Metrics(report, "oracle", 0.7331, 0.6856, 0.7878, 0.7167);
        ReportAssert.Metrics(report, "unimodal_augmented", 0.6911, 0.6416, 0.7490, 0.6694);
        ReportAssert.Metrics(report, "average", 0.6888, 0.6158, 0.7816, 0.6512);
        ReportAssert.Metrics(report, "max", 0.6860, 0.6176, 0.7714, 0.6512);
        ReportAssert.Metrics(report, "softmax", 0.6769, 0.6068, 0.7653, 0.6391);
        ReportAssert.Metrics(report, "cascaded(0.5)", 0.6481, 0.6127, 0.6878, 0.6310);
        ReportAssert.Metrics(report, "cascaded(0.6)", 0.6008, 0.5771, 0.6265, 0.5887);
        ReportAssert.Metrics(report, "cascaded(0.7)", 0.5502, 0.5271, 0.5755, 0.5353);
        ReportAssert.Metrics(report, "cascaded(0.8)", 0.5140, 0.5039, 0.5245, 0.5101);
        ReportAssert.Metrics(report, "cascaded(0.9)", 0.5110, 0.5020, 0.5204, 0.5081);
        ReportAssert.PerInteraction(report, InteractionType.Redundancy, 277, 0.8626, 0.8053, 0.6188);
        ReportAssert.PerInteraction(report, InteractionType.Uniqueness, 609, 0.6404, 0.6217, 0.6685);
        ReportAssert.PerInteraction(report, InteractionType.Synergy, 106, 0.8000, 0.5905, 0.5110);
    }
}
