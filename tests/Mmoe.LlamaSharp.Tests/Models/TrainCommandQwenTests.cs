using Mmoe.Cli;
using Mmoe.LlamaSharp.Tests.Native;
using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests.Models;

[Collection(TinyModelCollection.Name)]
public sealed class TrainCommandQwenTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Mmoe_train_with_the_qwen_featurizer_writes_a_model_that_detect_loads_and_a_second_run_hits_the_cache()
    {
        // A small slice of MUStARD in the reference layout (30 train, 12 val, 12 test posts), so the test stays fast.
        var root = fixture.TempFile("cli-reference");
        var raw = Directory.CreateDirectory(Path.Combine(root, "mustard", "data_raw")).FullName;
        foreach (var (split, count) in new[] { ("train", 30), ("val", 12), ("test", 12) })
        {
            var all = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedData.Path("mmoe-reference", "mustard", "data_raw", $"mustard_dataset_{split}.json")))!.AsObject();
            var slice = new System.Text.Json.Nodes.JsonObject(all.Take(count).Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone())));
            File.WriteAllText(Path.Combine(raw, $"mustard_dataset_{split}.json"), slice.ToJsonString());
        }

        var cache = fixture.TempFile("cli-feature-cache");
        var output = fixture.TempFile("cli-qwen-model");
        string[] train = ["train", "--root", root, "--dataset", "mustard", "--featurizer", "qwen", "--gguf", fixture.ModelPath,
            "--feature-cache", cache, "--threads", "2", "--epochs", "2", "--out", output, "--json"];

        var first = await RunAsync(train);
        var second = await RunAsync([.. train.Take(train.Length - 3), "--seed", "2", "--out", fixture.TempFile("cli-qwen-model-2"), "--json"]);
        var detect = await RunAsync("detect", "--model", output, "--gguf", fixture.ModelPath, "--threads", "2", "Oh great, another meeting.", "--json");

        Assert.True(first.Code == 0, first.Error);
        Assert.Contains(" 54 computed, 0 stale", first.Error, StringComparison.Ordinal);
        Assert.True(second.Code == 0, second.Error);
        Assert.Contains(" 0 computed, 0 stale", second.Error, StringComparison.Ordinal);
        Assert.True(detect.Code == 0, detect.Error);
        Assert.Contains("\"isSarcastic\"", detect.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // The mmoe-train tree: mmoe itself only launches an installed mmoe-train.
        var code = await Mmoe.Training.Cli.TrainingCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
