using Microsoft.Extensions.Logging;

namespace Mmoe.SemanticKernel.Input;

/// <summary>Turns the <c>image</c> argument (a data URI or a file path) into checked image bytes.</summary>
internal sealed partial class ImageLoader(MmoeOptions options, ILogger logger)
{
    private readonly ImagePathResolver _paths = new(options.AllowedImageRoots);

    public async Task<PostImage> LoadAsync(string image, CancellationToken cancellationToken)
    {
        var value = image.Trim();
        var bytes = DataUri.IsDataUri(value) ? DataUri.Decode(value, options.MaxImageBytes) : await ReadFileAsync(value, cancellationToken).ConfigureAwait(false);
        var header = ImageHeader.TryRead(bytes) ?? throw new MmoeToolException(
            ToolErrorCodes.UnsupportedImageFormat,
            "The image is not a readable PNG, JPEG, GIF, WebP or BMP file: convert it to one of those formats, or pass a caption instead.");
        if (header.Width <= 0 || header.Height <= 0 || header.Width > options.MaxImagePixels / header.Height)
        {
            throw new MmoeToolException(
                ToolErrorCodes.ImageTooLarge,
                $"The image's dimensions ({header.Width}×{header.Height}) are empty or exceed what this host accepts ({options.MaxImagePixels} pixels): resize it, or pass a caption instead.");
        }

        return PostImage.FromBytes(bytes, header.MediaType);
    }

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = _paths.Resolve(path);
        try
        {
            // FIFOs and devices report no length, and opening a FIFO blocks until a writer appears: refuse them before
            // opening (an empty regular file is no image either).
            if (new FileInfo(file).Length == 0)
            {
                throw new IOException("Empty, or not a regular file.");
            }

            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            if (stream.Length > options.MaxImageBytes)
            {
                throw new MmoeToolException(
                    ToolErrorCodes.ImageTooLarge,
                    $"The image file is larger than this host accepts ({options.MaxImageBytes} bytes): pass a smaller image, or a caption instead.");
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            LogUnreadable(logger, file, ex.Message);
            throw new MmoeToolException(ToolErrorCodes.ImageUnreadable, "The image file could not be read: pass another file, or the image as a data URI.", ex);
        }
    }

    // A refused input, not a host fault: one line, no stack trace.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read image file {Path}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
