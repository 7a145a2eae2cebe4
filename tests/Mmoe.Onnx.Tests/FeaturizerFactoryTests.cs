using Mmoe.Cli.Featurizers;
using Mmoe.Features;
using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class FeaturizerFactoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Clip()
    {
        var folder = _directory.Sub("clip");
        new TinyClip().Write(folder);
        return folder;
    }

    [Fact]
    public async Task OnnxClip_TrainedThenRebuiltFromTheManifest_GivesTheSameFeatures()
    {
        var selection = new FeaturizerSelection("onnx-clip", Clip());
        var post = new SocialPost { Text = "a cat", Image = PostImage.FromBytes(TestImages.Solid(4, 4, 30, 60, 90)) };
        var trained = FeaturizerFactory.Create(selection);

        var restored = FeaturizerFactory.FromManifest(trained.Name, trained.Configuration, selection);

        Assert.IsType<OnnxClipFeaturizer>(restored);
        Assert.Equal((await trained.FeaturizeAsync(post)).Values, (await restored.FeaturizeAsync(post)).Values);
        ((IDisposable)trained).Dispose();
        ((IDisposable)restored).Dispose();
    }

    [Fact]
    public void Create_OnnxClipWithoutClipFolder_AsksForIt()
    {
        var error = Assert.Throws<ArgumentException>(() => FeaturizerFactory.Create(new FeaturizerSelection("onnx-clip")));

        Assert.Contains("--clip DIR", error.Message);
    }

    [Fact]
    public void FromManifest_OnnxClipModelWithoutClipFolder_AsksForIt()
    {
        using var featurizer = new OnnxClipFeaturizer(new OnnxClipOptions { ModelDirectory = Clip() });

        var error = Assert.Throws<ArgumentException>(() => FeaturizerFactory.FromManifest("onnx-clip", featurizer.Configuration));

        Assert.Contains("The model reads onnx-clip features; it needs --clip DIR", error.Message);
    }

    [Fact]
    public void FromManifest_OtherFeaturizerThanAskedFor_IsRefused()
    {
        var hashed = new HashedNgramFeaturizer();

        var error = Assert.Throws<ArgumentException>(
            () => FeaturizerFactory.FromManifest(hashed.Name, hashed.Configuration, new FeaturizerSelection("onnx-clip", Clip())));

        Assert.Contains("trained with the hashed-ngrams featurizer, not onnx-clip", error.Message);
    }

    [Fact]
    public void FromManifest_HashedNgrams_RebuildsItsOptions()
    {
        var hashed = new HashedNgramFeaturizer(new HashedNgramOptions { CrossBits = 10 });

        var restored = FeaturizerFactory.FromManifest(hashed.Name, hashed.Configuration);

        Assert.Equal(hashed.Dimension, restored.Dimension);
        Assert.Equal(hashed.Blocks, restored.Blocks);
    }

    [Fact]
    public void PostImageFolder_AttachesFilesByPostId()
    {
        var images = _directory.Sub("images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "p1.png"), TestImages.Solid(2, 2, 1, 2, 3));
        File.WriteAllBytes(Path.Combine(images, "p2.jpeg"), TestImages.Solid(2, 2, 1, 2, 3));
        var own = PostImage.FromBytes(new byte[] { 1 });
        SocialPost[] posts =
        [
            new() { Id = "p1", Text = "x" },
            new() { Id = "p2", Text = "y" },
            new() { Id = "p3", Text = "z" },
            new() { Id = "p1", Text = "has its own", Image = own },
        ];

        var attached = PostImageFolder.Attach(posts, images);

        Assert.Equal(Path.Combine(images, "p1.png"), attached[0].Image!.FilePath);
        Assert.Equal(Path.Combine(images, "p2.jpeg"), attached[1].Image!.FilePath);
        Assert.Null(attached[2].Image);
        Assert.Same(own, attached[3].Image);
    }
}
