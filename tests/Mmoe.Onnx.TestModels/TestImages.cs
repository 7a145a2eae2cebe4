using SkiaSharp;

namespace Mmoe.Onnx.TestModels;

/// <summary>Encodes small synthetic images with SkiaSharp.</summary>
public static class TestImages
{
    /// <summary>An opaque image whose pixel (x, y) has the colour <paramref name="pixel"/> returns.</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Solid(int width, int height, byte r, byte g, byte b) => Encode(width, height, (_, _) => (r, g, b));

    /// <summary>A single-channel (grey) PNG.</summary>
    public static byte[] Gray(int width, int height, byte level)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(level, level, level));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
