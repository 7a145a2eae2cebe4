using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class OnnxImageCaptionerTests : IDisposable
{
    private static readonly byte[] Red = TestImages.Solid(4, 4, 250, 10, 10);
    private static readonly byte[] Blue = TestImages.Solid(8, 8, 10, 10, 250);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static int Id(string token) => Array.IndexOf(TinyCaptioner.Tokens, token);

    private OnnxImageCaptioner Create(TinyCaptioner? model = null, Action<OnnxCaptionerOptions>? configure = null)
    {
        var folder = _directory.Sub("captioner");
        (model ?? new TinyCaptioner()).Write(folder);
        var options = new OnnxCaptionerOptions { ModelDirectory = folder };
        configure?.Invoke(options);
        return new OnnxImageCaptioner(options);
    }

    [Fact]
    public async Task Caption_RedImage_DecodesTheScriptedSentenceAndStopsAtTheEndToken()
    {
        using var captioner = Create();

        var caption = (await captioner.CaptionBatchAsync([PostImage.FromBytes(Red)]))[0];

        Assert.Equal([Id("a"), Id("Ġcat"), Id("Ġon"), Id("Ġthe"), Id("Ġmat")], caption.TokenIds);
        Assert.Equal("a cat on the mat", caption.Text);
        Assert.False(caption.Truncated);
    }

    [Fact]
    public async Task Describe_BlueImage_SaysDog()
    {
        using var captioner = Create();

        Assert.Equal("a dog on the mat", await captioner.DescribeAsync(PostImage.FromBytes(Blue)));
    }

    [Fact]
    public async Task Caption_LengthLimitFromOptions_StopsEarly()
    {
        using var captioner = Create(configure: options => options.MaxNewTokens = 3);

        var caption = (await captioner.CaptionBatchAsync([PostImage.FromBytes(Red)]))[0];

        Assert.Equal([Id("a"), Id("Ġcat"), Id("Ġon")], caption.TokenIds);
        Assert.Equal("a cat on", caption.Text);
        Assert.True(caption.Truncated);
    }

    [Fact]
    public async Task Caption_ModelThatNeverEnds_StopsAtTheGenerationConfigsMaxLength()
    {
        // max_length 9 counts the start token, so 8 tokens are generated.
        using var captioner = Create(new TinyCaptioner { EmitsEnd = false, MaxLength = 9 });

        var caption = (await captioner.CaptionBatchAsync([PostImage.FromBytes(Blue)]))[0];

        Assert.Equal("a dog on the mat mat mat mat", caption.Text);
        Assert.Equal(8, caption.TokenIds.Count);
        Assert.True(caption.Truncated);
        Assert.Equal(8, captioner.MaxNewTokens);
    }

    [Fact]
    public async Task CaptionBatch_EqualsOneAtATime()
    {
        using var captioner = Create(configure: options => options.BatchSize = 2);
        PostImage[] images = [PostImage.FromBytes(Red), PostImage.FromBytes(Blue), PostImage.FromBytes(TestImages.Solid(5, 3, 200, 0, 90))];

        var batch = await captioner.CaptionBatchAsync(images);

        Assert.Equal(3, batch.Count);
        for (var i = 0; i < images.Length; i++)
        {
            var single = (await captioner.CaptionBatchAsync([images[i]]))[0];
            Assert.Equal(single.TokenIds, batch[i].TokenIds);
            Assert.Equal(single.Text, batch[i].Text);
            Assert.Equal(single.Truncated, batch[i].Truncated);
        }

        Assert.Equal(["a cat on the mat", "a dog on the mat", "a cat on the mat"], batch.Select(c => c.Text));
    }

    [Fact]
    public void Create_MissingDecoderWithPast_FailsNamingTheFile()
    {
        var folder = _directory.Sub("captioner");
        new TinyCaptioner().Write(folder);
        File.Delete(Path.Combine(folder, "decoder_with_past_model.onnx"));

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxImageCaptioner(new OnnxCaptionerOptions { ModelDirectory = folder }));

        Assert.Contains("'decoder_with_past_model.onnx'", error.Message);
    }

    [Fact]
    public void Create_WithPastGraphAsFirstStepDecoder_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Create(configure: options => options.DecoderFile = "decoder_with_past_model.onnx"));

        Assert.Contains("reads past key values", error.Message);
    }

    [Fact]
    public void Create_NoEndToken_FailsNamingTheSetting()
    {
        var folder = _directory.Sub("captioner");
        new TinyCaptioner().Write(folder);
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), """{"decoder_start_token_id": 0}""");

        var error = Assert.Throws<InvalidDataException>(() => new OnnxImageCaptioner(new OnnxCaptionerOptions { ModelDirectory = folder }));

        Assert.Contains("eos_token_id", error.Message);
    }

    [Fact]
    public async Task Describe_UndecodableImage_FailsClearly()
    {
        using var captioner = Create();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => captioner.DescribeAsync(PostImage.FromBytes(new byte[] { 1, 2, 3, 4 })));

        Assert.Contains("could not be decoded", error.Message);
    }
}
