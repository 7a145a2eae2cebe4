namespace Mmoe;

/// <summary>An image attached to a post, either in memory or on disk. Decoding is left to the image-to-text backend.</summary>
public sealed record PostImage
{
    private PostImage(ReadOnlyMemory<byte>? bytes, string? filePath, string? mediaType)
    {
        Bytes = bytes;
        FilePath = filePath;
        MediaType = mediaType;
    }

    public ReadOnlyMemory<byte>? Bytes { get; }

    public string? FilePath { get; }

    /// <summary>For example <c>image/png</c>; null when unknown.</summary>
    public string? MediaType { get; }

    public static PostImage FromBytes(ReadOnlyMemory<byte> bytes, string? mediaType = null)
    {
        if (bytes.IsEmpty)
        {
            throw new ArgumentException("Image bytes are empty.", nameof(bytes));
        }

        return new PostImage(bytes, null, mediaType);
    }

    public static PostImage FromFile(string path, string? mediaType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new PostImage(null, path, mediaType);
    }
}
