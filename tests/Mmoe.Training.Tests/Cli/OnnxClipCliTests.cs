using System.Text.Json;
using Mmoe.Cli;
using Mmoe.Onnx.TestModels;
using Mmoe.Onnx.Tests;
using Mmoe.Training.Cli;

namespace Mmoe.Training.Tests.Cli;

/// <summary>
/// <c>mmoe train/eval/detect --featurizer onnx-clip</c> end to end on the tiny CLIP: a dataset where a post is
/// positive exactly when its image is red, whatever its text, so only the image features can tell.
/// </summary>
public sealed class OnnxClipCliTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TrainingCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (exitCode, output.ToString(), error.ToString());
    }

    private (string Root, string Images, string Clip) WriteDataset()
    {
        var root = _directory.Sub("reference");
        var raw = Path.Combine(root, "tiny", "data_raw");
        var images = _directory.Sub("images");
        Directory.CreateDirectory(raw);
        Directory.CreateDirectory(images);
        var random = new Random(5);
        string[] texts = ["a cat", "a dog", "cats and dogs", "a dog, a cat.", "so a cat"];
        foreach (var (split, count) in new[] { ("train", 40), ("val", 16), ("test", 16) })
        {
            var items = new Dictionary<string, object>();
            for (var i = 0; i < count; i++)
            {
                var id = $"{split}_{i}";
                var red = random.Next(2) == 0;
                // Colours vary a little, so the model must learn "red", not one exact pixel value.
                var shade = (byte)random.Next(0, 60);
                File.WriteAllBytes(Path.Combine(images, id + ".png"), red ? TestImages.Solid(6, 6, (byte)(200 + (shade / 2)), shade, shade) : TestImages.Solid(6, 6, shade, shade, (byte)(200 + (shade / 2))));
                items[id] = new Dictionary<string, object>
                {
                    ["utterance"] = texts[random.Next(texts.Length)],
                    ["speaker"] = "A",
                    ["context"] = Array.Empty<string>(),
                    ["context_speakers"] = Array.Empty<string>(),
                    ["show"] = "TINY",
                    ["sarcasm"] = red,
                };
            }

            File.WriteAllText(Path.Combine(raw, $"tiny_dataset_{split}.json"), JsonSerializer.Serialize(items));
        }

        var clip = _directory.Sub("clip");
        new TinyClip().Write(clip);
        File.WriteAllBytes(_directory.Sub("red.png"), TestImages.Solid(6, 6, 230, 20, 20));
        File.WriteAllBytes(_directory.Sub("blue.png"), TestImages.Solid(6, 6, 20, 20, 230));
        return (root, images, clip);
    }

    [Fact]
    public async Task TrainThenDetect_WithOnnxClipFeatures_LearnsFromTheImages()
    {
        var (root, images, clip) = WriteDataset();
        var model = _directory.Sub("model");

        var train = await RunAsync("train", "--root", root, "--dataset", "tiny", "--featurizer", "onnx-clip", "--clip", clip, "--images", images, "--out", model, "--json");

        Assert.True(train.ExitCode == 0, train.Error);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "manifest.json"))))
        {
            var featurizer = manifest.RootElement.GetProperty("featurizer");
            Assert.Equal("onnx-clip", featurizer.GetProperty("name").GetString());
            Assert.Equal(16, featurizer.GetProperty("dimension").GetInt32());
        }

        var red = await RunAsync("detect", "--model", model, "--clip", clip, "--image", _directory.Sub("red.png"), "--json", "a dog");
        var blue = await RunAsync("detect", "--model", model, "--clip", clip, "--image", _directory.Sub("blue.png"), "--json", "a dog");

        Assert.True(red.ExitCode == 0, red.Error);
        Assert.True(blue.ExitCode == 0, blue.Error);
        using var redVerdict = JsonDocument.Parse(red.Out);
        using var blueVerdict = JsonDocument.Parse(blue.Out);
        Assert.True(redVerdict.RootElement.GetProperty("isSarcastic").GetBoolean(), red.Out);
        Assert.False(blueVerdict.RootElement.GetProperty("isSarcastic").GetBoolean(), blue.Out);

        var eval = await RunAsync("eval", "--model", model, "--clip", clip, "--images", images, "--root", root, "--dataset", "tiny", "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);

        // A batch through --input and --images gives each post the verdict it gets alone.
        string[] ids = ["test_0", "test_1", "test_2", "test_3"];
        var input = _directory.Sub("posts.jsonl");
        File.WriteAllLines(input, ids.Select(id => JsonSerializer.Serialize(new { id, text = "a cat" })));
        var batch = await RunAsync("detect", "--model", model, "--clip", clip, "--images", images, "--input", input, "--json");
        Assert.True(batch.ExitCode == 0, batch.Error);
        var lines = batch.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ids.Length, lines.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var single = await RunAsync("detect", "--model", model, "--clip", clip, "--image", Path.Combine(images, ids[i] + ".png"), "--json", "a cat");
            using var alone = JsonDocument.Parse(single.Out);
            using var inBatch = JsonDocument.Parse(lines[i]);
            Assert.Equal(ids[i], inBatch.RootElement.GetProperty("id").GetString());
            Assert.Equal(alone.RootElement.GetProperty("probability").GetDouble(), inBatch.RootElement.GetProperty("verdict").GetProperty("probability").GetDouble(), 6);
        }
    }

    [Fact]
    public async Task Detect_OnnxClipModelWithoutClipFolder_SaysWhatIsMissing()
    {
        var (root, images, clip) = WriteDataset();
        var model = _directory.Sub("model");
        var train = await RunAsync("train", "--root", root, "--dataset", "tiny", "--featurizer", "onnx-clip", "--clip", clip, "--images", images, "--out", model, "--epochs", "2", "--json");
        Assert.True(train.ExitCode == 0, train.Error);

        var (exitCode, _, error) = await RunAsync("detect", "--model", model, "a dog");

        Assert.Equal(1, exitCode);
        Assert.Contains("The model reads onnx-clip features; it needs --clip DIR", error);
    }
}
