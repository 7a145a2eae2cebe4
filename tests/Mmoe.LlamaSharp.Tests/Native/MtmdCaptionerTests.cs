using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests.Native;

/// <summary>The mtmd captioner against llama.cpp's real mtmd library, with a tiny random projector built by the tests.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class MtmdCaptionerTests(TinyModelFixture fixture)
{
    private string Projector(string name, int textEmbedding)
    {
        var path = fixture.TempFile(name);
        if (!File.Exists(path))
        {
            new TinyProjector(textEmbedding).Write(path, seed: 5);
        }

        return path;
    }

    [Fact]
    public async Task An_image_is_captioned_through_mtmd_deterministically()
    {
        using var captioner = MtmdImageToText.Create(fixture.ModelPath, Projector("tiny-mmproj.gguf", fixture.Spec.Embedding), maxTokens: 8);
        var image = PostImage.FromBytes(TinyProjector.GradientBmp(16));

        var first = await captioner.DescribeAsync(image);
        var second = await captioner.DescribeAsync(image);

        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_caption_depends_on_the_image()
    {
        using var captioner = MtmdImageToText.Create(fixture.ModelPath, Projector("tiny-mmproj.gguf", fixture.Spec.Embedding), maxTokens: 8);

        var captions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shift in new[] { 0, 60, 120, 180 })
        {
            captions.Add(await captioner.DescribeAsync(PostImage.FromBytes(TinyProjector.GradientBmp(16, shift))));
        }

        Assert.True(captions.Count > 1, $"four different images got the same caption: {string.Join(" | ", captions)}");
    }

    [Fact]
    public void A_projector_for_another_text_width_is_refused_naming_the_file()
    {
        var error = Assert.ThrowsAny<Exception>(() => MtmdImageToText.Create(fixture.ModelPath, Projector("wide-mmproj.gguf", fixture.Spec.Embedding * 2)));

        Assert.IsType<InvalidDataException>(error);
        Assert.Contains("wide-mmproj.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_mtmd_cannot_decode_are_an_error_not_a_crash()
    {
        using var captioner = MtmdImageToText.Create(fixture.ModelPath, Projector("tiny-mmproj.gguf", fixture.Spec.Embedding), maxTokens: 4);
        // A BMP signature (so our format check passes) over bytes that are no bitmap.
        byte[] notABitmap = [0x42, 0x4D, .. Enumerable.Repeat((byte)0xEE, 30)];

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => captioner.DescribeAsync(PostImage.FromBytes(notABitmap)));

        Assert.Contains("could not decode the image", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await captioner.DescribeAsync(PostImage.FromBytes(TinyProjector.GradientBmp(16)))));
    }

    [Fact]
    public void A_prompt_template_without_the_image_placeholder_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => MtmdImageToText.Create(fixture.ModelPath, Projector("tiny-mmproj.gguf", fixture.Spec.Embedding), promptTemplate: "Describe: {instruction}"));

        Assert.Contains("<image>", error.Message, StringComparison.Ordinal);
    }
}
