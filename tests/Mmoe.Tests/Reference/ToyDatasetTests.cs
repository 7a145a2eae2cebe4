using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

/// <summary>
/// A four-item dataset laid out like the reference (under "toy_data", the reference repository's naming), worked
/// by hand. Labels a=1 b=0 c=1 d=0; image-only 1 0 0 1; text-only 1 0 1 1; so a, b are R, c is U, d is S.
/// </summary>
public sealed class ToyDatasetTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public ToyDatasetTests()
    {
        _root.Write("toy_data/data_raw/toy_dataset_test.json",
            """{"a": {"utterance": "A", "sarcasm": true}, "b": {"utterance": "B", "sarcasm": false}, "c": {"utterance": "C", "sarcasm": true}, "d": {"utterance": "D", "sarcasm": false}}""");
        _root.Write("toy_data/data_gen_output/toy_image_only_pred_cogvlm2.json",
            """{"a": {"pred": 1}, "b": {"pred": 0}, "c": {"pred": 0}, "d": {"pred": 1}}""");
        _root.Write("toy_data/data_gen_output/toy_text_only_pred_qwen2.json",
            """{"a": {"pred": 1}, "b": {"pred": 0}, "c": {"pred": 1}, "d": {"pred": 1}}""");
        // Predictions (argmax): baseline 1 1 0 0; R 1 0 0 1; U 0 0 1 0; AS 0 1 0 0.
        WriteLogits("baseline", (0, 1), (0, 1), (1, 0), (1, 0));
        WriteLogits("R", (0, 1), (1, 0), (1, 0), (0, 1));
        WriteLogits("U", (1, 0), (1, 0), (0, 1), (1, 0));
        WriteLogits("AS", (1, 0), (0, 1), (1, 0), (1, 0));
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task TheSameReproductionWorksOnAnotherDatasetLaidOutTheSameWay()
    {
        var report = await ReferenceReproduction.RunAsync(ReferenceLayout.Open(_root.Path, "toy"), "tiny");

        Assert.Equal(4, report.Count);
        var baseline = report.Strategy("baseline")!.Metrics;
        Assert.Equal(0.5, baseline.F1, 12);
        Assert.Equal(0.5, baseline.Accuracy, 12);

        var oracle = report.Strategy("oracle")!.Metrics;
        Assert.Equal(1.0, oracle.F1, 12);
        Assert.Equal(1.0, oracle.Accuracy, 12);

        var redundancy = report.PerInteraction.Single(row => row.Type == InteractionType.Redundancy);
        Assert.Equal(2, redundancy.SubsetSize);
        Assert.Equal(1.0, redundancy.ExpertOnSubset!.F1, 12);
        Assert.Equal(2.0 / 3, redundancy.BaselineOnSubset!.F1, 12);
        Assert.Equal(0.5, redundancy.ExpertOnAll!.F1, 12);

        var synergy = report.PerInteraction.Single(row => row.Type == InteractionType.Synergy);
        Assert.Equal(1, synergy.SubsetSize);
        Assert.Equal(1.0, synergy.ExpertOnSubset!.Accuracy, 12);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task RouterLogitsAddTheRusRow()
    {
        // Each router favours the item's true type, so rus matches the oracle here.
        _root.Write("toy_data/expert_inference_output/expert_tiny/toy_rus_logits.jsonl", string.Join('\n',
            """{"image_id": "a", "logits": {"R": 5, "U": 0, "AS": 0}}""",
            """{"image_id": "b", "logits": {"R": 5, "U": 0, "AS": 0}}""",
            """{"image_id": "c", "logits": {"R": 0, "U": 5, "AS": 0}}""",
            """{"image_id": "d", "logits": {"R": 0, "U": 0, "AS": 5}}"""));
        var report = await ReferenceReproduction.RunAsync(ReferenceLayout.Open(_root.Path, "toy"), "tiny");
        Assert.Equal(1.0, report.Strategy("rus")!.Metrics.Accuracy, 12);
    }

    [Fact]
    public async Task WithoutUnimodalFilesTheReleasedSplitsDecideAndGapsAreReported()
    {
        File.Delete(Path.Combine(_root.Path, "toy_data/data_gen_output/toy_text_only_pred_qwen2.json"));
        _root.Write("toy_data/data_split_output/toy_R_dataset_test_cogvlm2_qwen2.json", """{"a": {}, "b": {}}""");
        _root.Write("toy_data/data_split_output/toy_U_dataset_test_cogvlm2_qwen2.json", """{"c": {}}""");
        _root.Write("toy_data/data_split_output/toy_AS_dataset_test_cogvlm2_qwen2.json", """{"c": {}}""");

        var report = await ReferenceReproduction.RunAsync(ReferenceLayout.Open(_root.Path, "toy"), "tiny");

        Assert.Equal(SubsetSource.ReleasedSplits, report.Subsets.Source);
        Assert.Equal(InteractionType.Uniqueness, report.Subsets.Assignments["c"]);
        Assert.Equal(["d"], report.Subsets.Unassigned);
        Assert.Null(report.Strategy("unimodal_augmented"));
        Assert.Contains(report.Omitted, line => line.StartsWith("unimodal_augmented", StringComparison.Ordinal));
        Assert.Equal(3, report.Strategy("oracle")!.Metrics.Count);
        Assert.Contains(report.Warnings, w => w.Contains("1 ids are listed in more than one", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("1 items are in no released split", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpertFilesScoringDifferentItemsAreRejectedWithDetails()
    {
        WriteLogits("U", (1, 0), (1, 0), (0, 1));
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(
            () => ReferenceReproduction.RunAsync(ReferenceLayout.Open(_root.Path, "toy"), "tiny"));
        Assert.Contains("1 missing (e.g. d)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpertFilesDisagreeingOnATargetAreRejected()
    {
        _root.Write("toy_data/expert_inference_output/expert_tiny/toy_U_logits.jsonl", string.Join('\n',
            """{"image_id": "a", "logits": [1, 0], "target": false}""",
            """{"image_id": "b", "logits": [1, 0], "target": false}""",
            """{"image_id": "c", "logits": [0, 1], "target": true}""",
            """{"image_id": "d", "logits": [1, 0], "target": false}"""));
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(
            () => ReferenceReproduction.RunAsync(ReferenceLayout.Open(_root.Path, "toy"), "tiny"));
        Assert.Equal("item 'a'", error.Location);
    }

    private void WriteLogits(string expert, params (double No, double Yes)[] logits)
    {
        string[] ids = ["a", "b", "c", "d"];
        string[] targets = ["1", "0", "1", "0"];
        var lines = logits.Select((l, i) => $$"""{"image_id": "{{ids[i]}}", "logits": [{{l.No}}, {{l.Yes}}], "target": {{targets[i]}}}""");
        _root.Write($"toy_data/expert_inference_output/expert_tiny/toy_{expert}_logits.jsonl", string.Join('\n', lines));
    }
}
