using System.Text.Json.Nodes;
using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class ImagePreprocessorTests
{
    private static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    private static ImagePreprocessing Settings(int edge, int crop) =>
        new() { ShortestEdge = edge, CropHeight = crop, CropWidth = crop };

    private static float Expected(int value, int channel) => ((value / 255f) - ClipMean[channel]) / ClipStd[channel];

    [Fact]
    public void Preprocess_ImageAtTargetSize_CropsTheCentreAndNormalisesEachChannel()
    {
        // 6 wide × 4 high: the shortest edge is already 4, so only the centre 4×4 (columns 1..4) is kept.
        static (byte, byte, byte) Pixel(int x, int y) => ((byte)((10 * x) + y), (byte)(100 + x), (byte)(200 - (5 * y)));
        var png = TestImages.Encode(6, 4, Pixel);
        var preprocessor = new ImagePreprocessor(Settings(4, 4));
        var pixels = new float[preprocessor.ValuesPerImage];

        preprocessor.Preprocess(png, pixels, "test image");

        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var (r, g, b) = Pixel(x + 1, y);
                Assert.Equal(Expected(r, 0), pixels[(y * 4) + x], 5);
                Assert.Equal(Expected(g, 1), pixels[16 + (y * 4) + x], 5);
                Assert.Equal(Expected(b, 2), pixels[32 + (y * 4) + x], 5);
            }
        }
    }

    [Fact]
    public void Preprocess_LargerImage_ResizesThenCrops()
    {
        var png = TestImages.Solid(16, 8, 200, 100, 50);
        var preprocessor = new ImagePreprocessor(Settings(4, 4));
        var pixels = new float[preprocessor.ValuesPerImage];

        preprocessor.Preprocess(png, pixels, "test image");

        // Resampling a uniform image must keep its colour (within one 8-bit step).
        var tolerance = 1.01f / 255f / 0.26f;
        for (var i = 0; i < 16; i++)
        {
            Assert.InRange(pixels[i], Expected(200, 0) - tolerance, Expected(200, 0) + tolerance);
            Assert.InRange(pixels[16 + i], Expected(100, 1) - tolerance, Expected(100, 1) + tolerance);
            Assert.InRange(pixels[32 + i], Expected(50, 2) - tolerance, Expected(50, 2) + tolerance);
        }
    }

    [Fact]
    public void ResizedSize_FollowsShortestEdgeAndTruncatesTheLongSide()
    {
        var preprocessor = new ImagePreprocessor(Settings(224, 224));

        Assert.Equal((224, 298), preprocessor.ResizedSize(480, 640));
        Assert.Equal((298, 224), preprocessor.ResizedSize(640, 480));
        Assert.Equal((224, 224), preprocessor.ResizedSize(100, 100));
    }

    [Fact]
    public void Preprocess_GreyImage_RepeatsTheLevelInEveryChannel()
    {
        var preprocessor = new ImagePreprocessor(Settings(4, 4));
        var pixels = new float[preprocessor.ValuesPerImage];

        preprocessor.Preprocess(TestImages.Gray(4, 4, 90), pixels, "grey image");

        Assert.Equal(Expected(90, 0), pixels[0], 5);
        Assert.Equal(Expected(90, 1), pixels[16], 5);
        Assert.Equal(Expected(90, 2), pixels[32], 5);
    }

    [Fact]
    public void Preprocess_BytesThatAreNoImage_FailsNamingTheImage()
    {
        var preprocessor = new ImagePreprocessor(Settings(4, 4));
        var pixels = new float[preprocessor.ValuesPerImage];

        var error = Assert.Throws<InvalidDataException>(() => preprocessor.Preprocess("not an image"u8.ToArray(), pixels, "The image of post 'p7'"));

        Assert.Contains("The image of post 'p7' could not be decoded", error.Message);
    }

    [Fact]
    public void FromJson_ReadsClipAndVitStyleConfigs()
    {
        var clip = ImagePreprocessing.FromJson(JsonNode.Parse("""{"size": 336, "crop_size": 336, "do_center_crop": true, "image_mean": [0.1, 0.2, 0.3], "image_std": [0.4, 0.5, 0.6]}""")!.AsObject());
        var vit = ImagePreprocessing.FromJson(JsonNode.Parse("""{"size": {"height": 384, "width": 384}, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 2}""")!.AsObject());
        var oldVit = ImagePreprocessing.FromJson(JsonNode.Parse("""{"size": 224, "do_center_crop": false}""")!.AsObject());

        Assert.Equal((336, 336, 336), (clip.ShortestEdge!.Value, clip.OutputHeight, clip.OutputWidth));
        Assert.Equal([0.1f, 0.2f, 0.3f], clip.Mean);
        Assert.Equal([0.4f, 0.5f, 0.6f], clip.Std);
        Assert.Equal((384, 384, 384, 384), (vit.ResizeHeight!.Value, vit.ResizeWidth!.Value, vit.OutputHeight, vit.OutputWidth));
        Assert.False(vit.Bicubic);
        Assert.Equal((224, 224), (oldVit.OutputHeight, oldVit.OutputWidth));
    }

    [Fact]
    public void Load_MissingFile_FailsNamingIt()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => ImagePreprocessing.Load(directory.Sub(ImagePreprocessing.FileName)));

        Assert.Contains("'preprocessor_config.json'", error.Message);
    }
}
