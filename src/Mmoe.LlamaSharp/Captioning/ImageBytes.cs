namespace Mmoe.LlamaSharp.Captioning;

internal static class ImageBytes
{
    public static async Task<byte[]> ReadAsync(PostImage image, CancellationToken cancellationToken) =>
        image.Bytes is { } bytes ? bytes.ToArray() : await File.ReadAllBytesAsync(image.FilePath!, cancellationToken).ConfigureAwait(false);

    /// <summary>The declared media type, else one recognised from the file signature.</summary>
    public static string MediaType(PostImage image, ReadOnlySpan<byte> bytes) => image.MediaType ?? bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x42, 0x4D, ..] => "image/bmp",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => throw new InvalidDataException("The image is not PNG, JPEG, GIF, BMP or WebP; give its media type explicitly."),
    };
}
