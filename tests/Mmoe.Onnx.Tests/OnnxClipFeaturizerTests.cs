using System.Text.Json.Nodes;
using Mmoe.Features;
using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class OnnxClipFeaturizerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private OnnxClipFeaturizer Create(TinyClip? model = null, int batchSize = 16, string name = "clip")
    {
        var folder = _directory.Sub(name);
        (model ?? new TinyClip()).Write(folder);
        return new OnnxClipFeaturizer(new OnnxClipOptions { ModelDirectory = folder, BatchSize = batchSize });
    }

    private static float[] Dense(FeatureVector vector)
    {
        var dense = new float[vector.Dimension];
        vector.CopyTo(dense);
        return dense;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) < 1e-5f, $"Index {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }

    private static SocialPost Post(string text, byte[]? image = null, string? id = null) =>
        new() { Text = text, Id = id, Image = image is null ? null : PostImage.FromBytes(image) };

    [Fact]
    public async Task Featurize_PostWithImage_IsImageTextProductAndDistanceOfTheNormalisedEmbeddings()
    {
        using var featurizer = Create();

        var vector = await featurizer.FeaturizeAsync(Post("A cat", TestImages.Solid(4, 4, 255, 0, 128)));

        var expected = ClipFeatures.Combine(
            ClipFeatures.Image(255, 0, 128),
            ClipFeatures.Text(["<|startoftext|>", "a</w>", "cat</w>", "<|endoftext|>"]));
        AssertClose(expected, Dense(vector));
        Assert.Equal(16, featurizer.Dimension);
    }

    [Fact]
    public async Task Featurize_PostWithoutImage_SetsOnlyTheTextBlock()
    {
        using var featurizer = Create();

        var vector = await featurizer.FeaturizeAsync(Post("dog!"));

        var text = ClipFeatures.Text(["<|startoftext|>", "dog</w>", "!</w>", "<|endoftext|>"]);
        AssertClose([0, 0, 0, 0, .. text, 0, 0, 0, 0, 0, 0, 0, 0], Dense(vector));
        Assert.Equal(Enumerable.Range(4, 4), vector.Indices);
    }

    [Fact]
    public void Blocks_DescribeImageTextAndCrossParts()
    {
        using var featurizer = Create();

        Assert.Equal(
            [
                new FeatureBlock("image_embedding", FeatureModality.Image, 0, 4),
                new FeatureBlock("text_embedding", FeatureModality.Text, 4, 4),
                new FeatureBlock("image_x_text", FeatureModality.Cross, 8, 4),
                new FeatureBlock("image_text_distance", FeatureModality.Cross, 12, 4),
            ],
            featurizer.Blocks);
        Assert.Equal("onnx-clip", featurizer.Name);
    }

    [Fact]
    public async Task FeaturizeBatch_EqualsOneAtATime()
    {
        using var featurizer = Create(batchSize: 2);
        SocialPost[] posts =
        [
            Post("a cat", TestImages.Solid(4, 4, 255, 0, 0)),
            Post("no picture here"),
            Post("A dog, a cat.", TestImages.Encode(12, 7, (x, y) => ((byte)(x * 20), (byte)(y * 30), 77))),
            Post("", TestImages.Solid(5, 9, 10, 200, 30)),
            Post("cats and dogs"),
        ];

        var batch = await featurizer.FeaturizeBatchAsync(posts);

        Assert.Equal(posts.Length, batch.Count);
        for (var i = 0; i < posts.Length; i++)
        {
            var single = await featurizer.FeaturizeAsync(posts[i]);
            Assert.Equal(single.Indices, batch[i].Indices);
            AssertClose(single.Values, batch[i].Values);
        }
    }

    [Fact]
    public async Task Featurize_TextEncoderWithoutMask_SeesThePaddingToo()
    {
        using var featurizer = Create(new TinyClip { WithAttentionMask = false });

        var vector = await featurizer.FeaturizeAsync(Post("a"));

        // Context 8: start, a</w>, end, then five pad tokens (the end token).
        var text = ClipFeatures.Text(["<|startoftext|>", "a</w>", .. Enumerable.Repeat("<|endoftext|>", 6)]);
        AssertClose(text, vector.Values);
    }

    [Fact]
    public async Task Featurize_GraphWithFixedContext_UsesTheGraphsLength()
    {
        using var featurizer = Create(new TinyClip { WithAttentionMask = false, StaticContext = true, ContextLength = 5 });

        var vector = await featurizer.FeaturizeAsync(Post("a"));

        AssertClose(ClipFeatures.Text(["<|startoftext|>", "a</w>", "<|endoftext|>", "<|endoftext|>", "<|endoftext|>"]), vector.Values);
        Assert.Equal(5, featurizer.Configuration["contextLength"]!.GetValue<int>());
    }

    [Fact]
    public async Task Featurize_ImageFromFile_EqualsImageFromBytes()
    {
        using var featurizer = Create();
        var png = TestImages.Solid(6, 6, 1, 2, 3);
        var file = _directory.Sub("photo.png");
        await File.WriteAllBytesAsync(file, png);

        var fromFile = await featurizer.FeaturizeAsync(new SocialPost { Text = "a", Image = PostImage.FromFile(file) });
        var fromBytes = await featurizer.FeaturizeAsync(Post("a", png));

        AssertClose(fromBytes.Values, fromFile.Values);
    }

    [Fact]
    public async Task Featurize_UndecodableImage_FailsNamingThePost()
    {
        using var featurizer = Create();

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => featurizer.FeaturizeBatchAsync([Post("fine"), Post("broken", "GIF89a-not-really"u8.ToArray(), "p42")]));

        Assert.Contains("The image of post 'p42' could not be decoded", error.Message);
    }

    [Fact]
    public async Task Featurize_MissingImageFile_FailsNamingTheFile()
    {
        using var featurizer = Create();

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => featurizer.FeaturizeAsync(new SocialPost { Text = "a", Image = PostImage.FromFile(_directory.Sub("gone.jpg")) }));

        Assert.Contains("'gone.jpg'", error.Message);
    }

    [Fact]
    public void Create_MissingTextEncoder_FailsNamingTheFile()
    {
        var folder = _directory.Sub("clip");
        new TinyClip().Write(folder);
        File.Delete(Path.Combine(folder, "text_model.onnx"));

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxClipFeaturizer(new OnnxClipOptions { ModelDirectory = folder }));

        Assert.Contains("'text_model.onnx'", error.Message);
    }

    [Fact]
    public void Create_ImageEncoderWithWrongChannels_NamesExpectedAndActualShapes()
    {
        var error = Assert.Throws<InvalidDataException>(() => Create(new TinyClip { ImageChannels = 1 }));

        Assert.Contains("'pixel_values' [batch, 1, 4, 4] float32", error.Message);
        Assert.Contains("expected 'pixel_values' [N, 3, 4, 4] float32", error.Message);
    }

    [Fact]
    public void Create_ImageEncoderWithOtherInputName_ListsTheActualInputs()
    {
        var error = Assert.Throws<InvalidDataException>(() => Create(new TinyClip { PixelValuesName = "images" }));

        Assert.Contains("no input 'pixel_values' [N, 3, 4, 4] float32", error.Message);
        Assert.Contains("'images' [batch, 3, 4, 4] float32", error.Message);
    }

    [Fact]
    public void Create_EncodersWithDifferentWidths_NamesBothShapes()
    {
        var error = Assert.Throws<InvalidDataException>(() => Create(new TinyClip { TextEmbeddingDimension = 5 }));

        Assert.Contains("'text_embeds' [batch, 5] float32", error.Message);
        Assert.Contains("expected 'text_embeds' [N, 4] float32", error.Message);
    }

    [Fact]
    public void Create_ImageSizeOtherThanTheCrop_NamesBothShapes()
    {
        var folder = _directory.Sub("clip");
        new TinyClip { ImageSize = 8 }.Write(folder);
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), """{"size": {"shortest_edge": 4}, "crop_size": {"height": 4, "width": 4}}""");

        var error = Assert.Throws<InvalidDataException>(() => new OnnxClipFeaturizer(new OnnxClipOptions { ModelDirectory = folder }));

        Assert.Contains("'pixel_values' [batch, 3, 8, 8] float32; expected 'pixel_values' [N, 3, 4, 4] float32", error.Message);
    }

    [Fact]
    public async Task FromConfiguration_SameFolder_GivesTheSameFeatures()
    {
        using var original = Create();
        var post = Post("a dog", TestImages.Solid(4, 4, 9, 99, 199));

        using var restored = OnnxClipFeaturizer.FromConfiguration(original.Configuration, _directory.Sub("clip"));

        AssertClose((await original.FeaturizeAsync(post)).Values, (await restored.FeaturizeAsync(post)).Values);
    }

    [Fact]
    public void FromConfiguration_FolderWithOtherPreprocessing_IsRefused()
    {
        JsonObject configuration;
        using (var original = Create())
        {
            configuration = original.Configuration;
        }

        File.WriteAllText(_directory.Sub("clip/preprocessor_config.json"), """{"size": {"shortest_edge": 4}, "crop_size": {"height": 4, "width": 4}, "image_mean": [0.5, 0.5, 0.5]}""");

        var error = Assert.Throws<InvalidDataException>(() => OnnxClipFeaturizer.FromConfiguration(configuration, _directory.Sub("clip")));

        Assert.Contains("fingerprints differ", error.Message);
    }

    [Fact]
    public void FromConfiguration_OtherAlgorithmVersion_IsRefused()
    {
        JsonObject configuration;
        using (var original = Create())
        {
            configuration = original.Configuration;
        }

        configuration["algorithmVersion"] = 99;

        var error = Assert.Throws<InvalidDataException>(() => OnnxClipFeaturizer.FromConfiguration(configuration, _directory.Sub("clip")));

        Assert.Contains("version 99", error.Message);
    }

    [Fact]
    public async Task Create_AskingForCudaOnACpuBuild_FallsBackToTheCpu()
    {
        var folder = _directory.Sub("clip");
        new TinyClip().Write(folder);
        using var featurizer = new OnnxClipFeaturizer(new OnnxClipOptions { ModelDirectory = folder, Runtime = new OnnxRuntimeOptions { UseCuda = true } });

        var vector = await featurizer.FeaturizeAsync(Post("a cat"));

        AssertClose(ClipFeatures.Text(["<|startoftext|>", "a</w>", "cat</w>", "<|endoftext|>"]), vector.Values);
    }
}
