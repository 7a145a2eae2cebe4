using System.Text.Json;
using Mmoe.Cli;
using Mmoe.Onnx.TestModels;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.Onnx.Tests;

public sealed class CaptionCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Caption_WritesOneCaptionPerImage()
    {
        var model = _directory.Sub("captioner");
        new TinyCaptioner().Write(model);
        File.WriteAllBytes(_directory.Sub("red.png"), TestImages.Solid(6, 6, 240, 0, 0));
        File.WriteAllBytes(_directory.Sub("blue.jpg"), TestImages.Encode(6, 6, (_, _) => (0, 0, 240), SkiaSharp.SKEncodedImageFormat.Jpeg));

        var (exitCode, output, _) = await RunAsync("caption", "--captioner", model, "--json", _directory.Sub("red.png"), _directory.Sub("blue.jpg"));

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var captions = document.RootElement.EnumerateArray().Select(e => (e.GetProperty("image").GetString(), e.GetProperty("caption").GetString())).ToList();
        Assert.Equal([("red.png", "a cat on the mat"), ("blue.jpg", "a dog on the mat")], captions);
    }

    [Fact]
    public async Task Caption_MissingModelFile_IsAOneLineError()
    {
        var model = _directory.Sub("captioner");
        new TinyCaptioner().Write(model);
        File.Delete(Path.Combine(model, "encoder_model.onnx"));
        File.WriteAllBytes(_directory.Sub("red.png"), TestImages.Solid(6, 6, 240, 0, 0));

        var (exitCode, _, error) = await RunAsync("caption", "--captioner", model, _directory.Sub("red.png"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: The captioner encoder 'encoder_model.onnx' is not in the model folder.", error);
    }
}
