using SkiaSharp;

namespace Mmoe.Onnx;

/// <summary>Decodes images with SkiaSharp and writes them as normalised CHW float pixels.</summary>
internal sealed class ImagePreprocessor
{
    /// <summary>Larger headers are treated as damaged: 100 megapixels is far beyond any photo a post carries.</summary>
    private const long MaxPixels = 100_000_000;

    private readonly ImagePreprocessing _settings;
    private readonly float[] _scale = new float[3];
    private readonly float[] _offset = new float[3];

    public ImagePreprocessor(ImagePreprocessing settings)
    {
        settings.Validate();
        _settings = settings;
        for (var c = 0; c < 3; c++)
        {
            // (p * rescale - mean) / std folded into one multiply-add per value.
            var std = settings.Normalize ? settings.Std[c] : 1f;
            var mean = settings.Normalize ? settings.Mean[c] : 0f;
            _scale[c] = settings.RescaleFactor / std;
            _offset[c] = -mean / std;
        }
    }

    public int Height => _settings.OutputHeight;

    public int Width => _settings.OutputWidth;

    /// <summary>Values per image: 3 × <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int ValuesPerImage => 3 * Height * Width;

    /// <summary>Reads the encoded bytes of an image from memory or disk.</summary>
    public static async Task<byte[]> ReadAsync(PostImage image, CancellationToken cancellationToken)
    {
        if (image.Bytes is { } bytes)
        {
            return bytes.ToArray();
        }

        var path = image.FilePath!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The image file '{Path.GetFileName(path)}' does not exist.", Path.GetFileName(path));
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes <paramref name="encoded"/> and writes its [3, H, W] pixels; <paramref name="label"/> names the image in errors.</summary>
    public void Preprocess(byte[] encoded, Span<float> destination, string label)
    {
        if (destination.Length != ValuesPerImage)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; an image needs {ValuesPerImage}.", nameof(destination));
        }

        using var decoded = Decode(encoded, label);
        var (height, width) = ResizedSize(decoded.Height, decoded.Width);
        using var resized = height == decoded.Height && width == decoded.Width ? null : Resize(decoded, height, width);
        var source = resized ?? decoded;
        var top = (height - Height) / 2;
        var left = (width - Width) / 2;
        var pixels = source.GetPixelSpan();
        var rowBytes = source.RowBytes;
        var plane = Height * Width;
        for (var y = 0; y < Height; y++)
        {
            var row = pixels.Slice(((top + y) * rowBytes) + (left * 4), Width * 4);
            var offset = y * Width;
            for (var x = 0; x < Width; x++)
            {
                destination[offset + x] = (row[x * 4] * _scale[0]) + _offset[0];
                destination[plane + offset + x] = (row[(x * 4) + 1] * _scale[1]) + _offset[1];
                destination[(2 * plane) + offset + x] = (row[(x * 4) + 2] * _scale[2]) + _offset[2];
            }
        }
    }

    /// <summary>The size before cropping, following Hugging Face's image processors (truncating the long side).</summary>
    internal (int Height, int Width) ResizedSize(int height, int width)
    {
        (int Height, int Width) resized;
        if (_settings.ResizeHeight is { } h && _settings.ResizeWidth is { } w)
        {
            resized = (h, w);
        }
        else
        {
            var edge = _settings.ShortestEdge!.Value;
            resized = height <= width
                ? (edge, (int)((long)edge * width / height))
                : ((int)((long)edge * height / width), edge);
        }

        if (resized.Height < Height || resized.Width < Width)
        {
            throw new InvalidDataException(
                $"An image of {width}×{height} resizes to {resized.Width}×{resized.Height}, smaller than the {Width}×{Height} crop; set the resize size to at least the crop size.");
        }

        return resized;
    }

    private static SKBitmap Decode(byte[] encoded, string label)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{label} could not be decoded: it is not a PNG, JPEG, GIF, BMP, WebP, ICO or WBMP image.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
        {
            throw new InvalidDataException($"{label} could not be decoded: its header gives an unusable size of {width}×{height} pixels.");
        }

        // Unpremultiplied RGBA keeps colour values of transparent pixels, as dropping alpha does in PIL's convert("RGB").
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{label} could not be decoded: {width}×{height} pixels do not fit in memory.");
        }

        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{label} could not be decoded ({result}); the file is damaged or in an unsupported variant.");
        }

        return bitmap;
    }

    private SKBitmap Resize(SKBitmap source, int height, int width)
    {
        // Cubic sampling aliases when shrinking a lot; past 2× the mipmapped filter averages the skipped pixels, as PIL's antialiased resize does.
        var shrink = Math.Min((double)height / source.Height, (double)width / source.Width) < 0.5;
        var sampling = shrink
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : _settings.Bicubic ? new SKSamplingOptions(SKCubicResampler.CatmullRom) : new SKSamplingOptions(SKFilterMode.Linear);
        return source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), sampling)
            ?? throw new InvalidDataException($"An image of {source.Width}×{source.Height} could not be resized to {width}×{height}.");
    }
}
