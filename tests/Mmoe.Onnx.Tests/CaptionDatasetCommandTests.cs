using System.Text.Json;
using Mmoe.Captions;
using Mmoe.Cli;
using Mmoe.Onnx.TestModels;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.Onnx.Tests;

/// <summary><c>mmoe caption</c> over a dataset with the ONNX captioner, whose captions are known ("a cat on the mat" for red, "a dog on the mat" for blue).</summary>
public sealed class CaptionDatasetCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Posts p1–p4 (p3 has no image, p4's image has p1's bytes) in a user dataset folder, and the captioner.</summary>
    private (string Data, string Images, string Captioner) Write()
    {
        var data = Directory.CreateDirectory(_directory.Sub("data")).FullName;
        File.WriteAllText(Path.Combine(data, "train.jsonl"), "{\"id\": \"p1\", \"text\": \"love it\", \"label\": 1}\n{\"id\": \"p2\", \"text\": \"fine\", \"label\": 0}\n");
        File.WriteAllText(Path.Combine(data, "val.jsonl"), "{\"id\": \"p3\", \"text\": \"sure, great\", \"label\": 1}\n");
        File.WriteAllText(Path.Combine(data, "test.jsonl"), "{\"id\": \"p4\", \"text\": \"nice\", \"label\": 0}\n");
        var images = Directory.CreateDirectory(_directory.Sub("images")).FullName;
        var red = TestImages.Solid(6, 6, 240, 0, 0);
        File.WriteAllBytes(Path.Combine(images, "p1.png"), red);
        File.WriteAllBytes(Path.Combine(images, "p2.jpg"), TestImages.Encode(6, 6, (_, _) => (0, 0, 240), SkiaSharp.SKEncodedImageFormat.Jpeg));
        File.WriteAllBytes(Path.Combine(images, "p4.png"), red);
        var captioner = _directory.Sub("captioner");
        new TinyCaptioner().Write(captioner);
        return (data, images, captioner);
    }

    [Fact]
    public async Task A_dataset_is_captioned_into_a_captions_file_once_per_image_and_again_only_for_another_length_limit()
    {
        var (data, images, captioner) = Write();
        var captions = _directory.Sub("captions.jsonl");
        string[] caption = ["caption", "--captioner", captioner, "--data", data, "--images", images, "--captions", captions, "--feature-cache", _directory.Sub("cache"), "--json"];

        var first = await RunAsync(caption);
        var file = await CaptionsFile.ReadAsync(captions);
        var second = await RunAsync(caption);
        var shorter = await RunAsync([.. caption, "--max-tokens", "3"]);
        var truncated = await CaptionsFile.ReadAsync(captions);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(new Dictionary<string, string> { ["p1"] = "a cat on the mat", ["p2"] = "a dog on the mat", ["p4"] = "a cat on the mat" }, file.Captions);
        Assert.Equal("onnx-captioner", file.Captioner!.Name);
        Assert.Equal("data", file.Dataset);
        var report = JsonDocument.Parse(first.Out).RootElement;
        Assert.Equal((2, 0, 1, 1), (report.GetProperty("images_captioned").GetInt32(), report.GetProperty("images_from_cache").GetInt32(),
            report.GetProperty("posts_sharing_an_image").GetInt32(), report.GetProperty("posts_without_image").GetInt32()));
        Assert.Equal(["p3"], report.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        var again = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal((0, 2), (again.GetProperty("images_captioned").GetInt32(), again.GetProperty("images_from_cache").GetInt32()));
        var other = JsonDocument.Parse(shorter.Out).RootElement;
        Assert.Equal((2, 0), (other.GetProperty("images_captioned").GetInt32(), other.GetProperty("images_from_cache").GetInt32()));
        Assert.Equal("a cat on", truncated.Captions["p1"]);
        Assert.NotEqual(file.Captioner.Key, truncated.Captioner!.Key);
    }

    [Theory]
    [InlineData("--images", "needs --captions FILE")]
    [InlineData("--captions", "needs --images DIR")]
    public async Task Captioning_a_dataset_without_its_images_folder_or_output_file_says_what_is_missing(string given, string expected)
    {
        var (data, images, captioner) = Write();
        var value = given == "--images" ? images : _directory.Sub("out.jsonl");

        var (exitCode, _, error) = await RunAsync("caption", "--captioner", captioner, "--data", data, given, value);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captioning_without_a_captioner_says_which_to_give()
    {
        var (data, images, _) = Write();

        var (exitCode, _, error) = await RunAsync("caption", "--data", data, "--images", images, "--captions", _directory.Sub("out.jsonl"));

        Assert.Equal(1, exitCode);
        Assert.Contains("error: Say which captioner to run: --captioner DIR", error, StringComparison.Ordinal);
    }
}
