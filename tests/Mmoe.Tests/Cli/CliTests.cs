using System.Text.Json;
using Mmoe.Cli;
using Mmoe.Tests.TestData;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task ReproduceJsonHasTheDocumentedShape()
    {
        var (exitCode, output, error) = await RunAsync("reproduce", "--root", SharedData.ReferenceRoot, "--dataset", "mustard", "--model", "qwen-1.5b", "--json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("mustard", root.GetProperty("dataset").GetString());
        Assert.Equal("qwen-1.5b", root.GetProperty("model").GetString());
        Assert.Equal(356, root.GetProperty("n").GetInt32());
        var strategies = root.GetProperty("strategies");
        foreach (var name in new[] { "baseline", "oracle", "unimodal_augmented", "average", "max", "softmax" })
        {
            var metrics = strategies.GetProperty(name);
            foreach (var metric in new[] { "f1", "precision", "recall", "accuracy" })
            {
                Assert.InRange(metrics.GetProperty(metric).GetDouble(), 0, 1);
            }
        }

        Assert.False(strategies.TryGetProperty("rus", out _));
        Assert.Equal(0.7128, Math.Round(strategies.GetProperty("baseline").GetProperty("f1").GetDouble(), 4));
        var synergy = root.GetProperty("per_interaction").GetProperty("S");
        Assert.Equal(0.1818, Math.Round(synergy.GetProperty("expert_on_subset").GetProperty("f1").GetDouble(), 4));
        Assert.True(synergy.TryGetProperty("baseline_on_subset", out _));
        Assert.True(synergy.TryGetProperty("expert_on_all", out _));
        Assert.Contains("omitted: rus", error, StringComparison.Ordinal);
        Assert.Contains("warning: The released AS split", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReproduceTablesNameEveryStrategy()
    {
        var (exitCode, output, _) = await RunAsync("reproduce", "--root", SharedData.ReferenceRoot, "--dataset", "mustard", "--model", "blip2");
        Assert.Equal(0, exitCode);
        foreach (var expected in new[] { "baseline", "rus", "oracle", "unimodal_augmented", "average", "max", "softmax", "cascaded(0.7)", "0.6780" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CategorizeJsonListsTheSubsetsAndTheStaleSplit()
    {
        var (exitCode, output, error) = await RunAsync("categorize", "--root", SharedData.ReferenceRoot, "--dataset", "mustard", "--json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var subsets = document.RootElement.GetProperty("subsets");
        Assert.Equal(82, subsets.GetProperty("R").GetArrayLength());
        Assert.Equal(233, subsets.GetProperty("U").GetArrayLength());
        Assert.Equal(41, subsets.GetProperty("S").GetArrayLength());
        var stale = document.RootElement.GetProperty("released_split_differences").GetProperty("AS");
        Assert.Equal(24, stale.GetProperty("only_in_released").GetArrayLength());
        Assert.Equal(18, stale.GetProperty("only_in_computed").GetArrayLength());
        Assert.Contains("24 of its ids", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReproduceReadsUrFunnysPunchlineRecords()
    {
        var (exitCode, output, error) = await RunAsync("reproduce", "--root", SharedData.ReferenceRoot, "--dataset", "urfunny", "--model", "albef", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(992, document.RootElement.GetProperty("n").GetInt32());
        Assert.Equal("categorizer", document.RootElement.GetProperty("subset_source").GetString());
        Assert.Equal(0.6841, Math.Round(document.RootElement.GetProperty("strategies").GetProperty("rus").GetProperty("f1").GetDouble(), 4));
        Assert.Contains("repeats 4 ids", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CategorizeOnMmsdFallsBackToTheReleasedSplitsAndSaysWhy()
    {
        var (exitCode, output, error) = await RunAsync("categorize", "--root", SharedData.ReferenceRoot, "--dataset", "mmsd", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("released_splits", document.RootElement.GetProperty("subset_source").GetString());
        Assert.Equal(2409, document.RootElement.GetProperty("n").GetInt32());
        var subsets = document.RootElement.GetProperty("subsets");
        Assert.Equal((486, 1716, 207), (subsets.GetProperty("R").GetArrayLength(), subsets.GetProperty("U").GetArrayLength(), subsets.GetProperty("S").GetArrayLength()));
        Assert.Contains("note: No mmsd/data_gen_output/mmsd_text_only_pred_qwen2.json", error, StringComparison.Ordinal);
        Assert.Contains("note: No captions", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CategorizeOnUrFunnyTrainReadsTheSplitFilesAndNotesTheMissingRawFileOnce()
    {
        var (exitCode, output, error) = await RunAsync("categorize", "--root", SharedData.ReferenceRoot, "--dataset", "urfunny", "--split", "train", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(3548, document.RootElement.GetProperty("n").GetInt32());
        Assert.Equal("categorizer", document.RootElement.GetProperty("subset_source").GetString());
        var subsets = document.RootElement.GetProperty("subsets");
        Assert.Equal((1047, 2086, 415), (subsets.GetProperty("R").GetArrayLength(), subsets.GetProperty("U").GetArrayLength(), subsets.GetProperty("S").GetArrayLength()));
        Assert.Single(error.Split('\n'), line => line.Contains("urfunny_dataset_train.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownModelIsAnErrorOnStderrWithExitCodeOne()
    {
        var (exitCode, output, error) = await RunAsync("reproduce", "--root", SharedData.ReferenceRoot, "--dataset", "mustard", "--model", "gpt-9");
        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("error: No expert outputs for model 'gpt-9'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDatasetNamesTheFoldersThatExist()
    {
        var (exitCode, _, error) = await RunAsync("categorize", "--root", SharedData.ReferenceRoot, "--dataset", "no-such-dataset");
        Assert.Equal(1, exitCode);
        Assert.Contains("found: mmsd, mustard, urfunny", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingRequiredOptionIsAUsageError()
    {
        var (exitCode, _, error) = await RunAsync("reproduce", "--dataset", "mustard");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--root", error, StringComparison.Ordinal);
    }
}
