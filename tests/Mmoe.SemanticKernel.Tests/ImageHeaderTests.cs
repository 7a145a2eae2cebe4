using Mmoe.SemanticKernel.Input;

namespace Mmoe.SemanticKernel.Tests;

public sealed class ImageHeaderTests
{
    public static TheoryData<string, byte[], long, long> Headers => new()
    {
        { "image/png", TestImages.Png1x1, 1, 1 },
        { "image/gif", [.. "GIF89a"u8, 0x40, 0x01, 0xF0, 0x00], 320, 240 },
        { "image/bmp", [.. "BM"u8, .. new byte[16], 0x20, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF], 32, 16 },
        // Baseline JPEG: SOI, an APP0 segment of length 16, then SOF0 with height 0x0102 and width 0x0304.
        { "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[14], 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x02, 0x03, 0x04, 0x03], 0x0304, 0x0102 },
        { "image/webp", [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8X"u8, .. new byte[8], 0x7F, 0x02, 0x00, 0xDF, 0x01, 0x00], 640, 480 },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Recognises_the_format_and_size_of_supported_images(string mediaType, byte[] bytes, long width, long height)
    {
        Assert.Equal(new ImageHeader(mediaType, width, height), ImageHeader.TryRead(bytes));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })]
    [InlineData(new byte[0])]
    public void Truncated_or_foreign_headers_are_not_images(byte[] bytes)
    {
        Assert.Null(ImageHeader.TryRead(bytes));
    }
}
