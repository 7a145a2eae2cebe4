using Microsoft.Extensions.DependencyInjection;
using Mmoe.Detection;
using Mmoe.Features;
using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class OnnxServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddOnnxBackend_ResolvesOneFeaturizerAndOneCaptionerFromTheConfiguredFolders()
    {
        new TinyClip().Write(_directory.Sub("clip"));
        new TinyCaptioner().Write(_directory.Sub("captioner"));
        await using var provider = new ServiceCollection()
            .AddOnnxClipFeaturizer(options => options.ModelDirectory = _directory.Sub("clip"))
            .AddOnnxImageCaptioner(options => options.ModelDirectory = _directory.Sub("captioner"))
            .BuildServiceProvider();

        var featurizer = provider.GetRequiredService<IPostFeaturizer>();
        var captioner = provider.GetRequiredService<IImageToText>();

        Assert.Same(provider.GetRequiredService<OnnxClipFeaturizer>(), featurizer);
        Assert.Same(provider.GetRequiredService<OnnxImageCaptioner>(), captioner);
        Assert.Equal(16, featurizer.Dimension);
        Assert.Equal("a cat on the mat", await captioner.DescribeAsync(PostImage.FromBytes(TestImages.Solid(4, 4, 255, 0, 0))));
    }
}
