using System.Diagnostics;
using Mmoe;
using Mmoe.Onnx;
using Mmoe.Onnx.TestModels;

// Usage: dotnet run -c Release --project tests/Mmoe.Onnx.Benchmarks -- [--clip DIR] [--images N] [--rounds R] [--threads T]
// Without --clip the CLIP folder is synthetic: a ViT-B/32-sized image encoder (random weights) and a tiny text encoder.
string? Argument(string name) => args.Select((value, index) => (value, index)).Where(p => p.value == name && p.index + 1 < args.Length).Select(p => args[p.index + 1]).FirstOrDefault();
var clip = Argument("--clip");
var imageCount = int.Parse(Argument("--images") ?? "32", System.Globalization.CultureInfo.InvariantCulture);
var rounds = int.Parse(Argument("--rounds") ?? "7", System.Globalization.CultureInfo.InvariantCulture);
var threads = int.Parse(Argument("--threads") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

var scratch = Path.Combine(Path.GetTempPath(), "mmoe-onnx-bench-" + Environment.ProcessId);
try
{
    if (clip is null)
    {
        clip = Path.Combine(scratch, "clip");
        new TinyClip { EmbeddingDimension = ClipSizedVisionEncoder.EmbeddingDimension, ImageSize = ClipSizedVisionEncoder.ImageSize }.Write(clip);
        ClipSizedVisionEncoder.Write(Path.Combine(clip, "vision_model.onnx"));
    }

    // Photos as a social post carries them: 640×480 JPEGs with detail everywhere, so decoding and resizing do real work.
    var images = Enumerable.Range(0, imageCount)
        .Select(i => TestImages.Encode(640, 480, (x, y) => ((byte)((x * 7) + (i * 31) ^ y), (byte)((y * 5) + (x * y % 97)), (byte)((x ^ y) + (i * 13))), SkiaSharp.SKEncodedImageFormat.Jpeg, 90))
        .ToArray();
    var posts = images.Select((image, i) => new SocialPost { Id = $"p{i}", Text = "a photo of a cat on a mat", Image = PostImage.FromBytes(image) }).ToArray();

    Console.WriteLine($"CLIP folder: {(Argument("--clip") is null ? "synthetic ViT-B/32-sized image encoder (random weights) + tiny text encoder" : "as given")}");
    Console.WriteLine($"{imageCount} JPEG images 640x480 per round, {rounds} timed rounds after 1 warm-up; {Environment.ProcessorCount} logical cores; ONNX Runtime intra-op threads: {(threads == 0 ? "default" : threads)}");
    Console.WriteLine();
    Console.WriteLine("| stage | batch | images/s (median) | min | max |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    var preprocessor = new ImagePreprocessor(ImagePreprocessing.Load(Path.Combine(clip, ImagePreprocessing.FileName)));
    foreach (var batch in new[] { 1, 16 })
    {
        var pixels = new float[batch * preprocessor.ValuesPerImage];
        var rates = Measure(() =>
        {
            for (var start = 0; start < images.Length; start += batch)
            {
                var count = Math.Min(batch, images.Length - start);
                Parallel.For(0, count, i => preprocessor.Preprocess(images[start + i], pixels.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage), "benchmark image"));
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"| preprocess only (decode, resize, crop, normalise) | {batch} | {rates[rates.Count / 2]:F1} | {rates[0]:F1} | {rates[^1]:F1} |");
    }

    foreach (var batch in new[] { 1, 16 })
    {
        using var featurizer = new OnnxClipFeaturizer(new OnnxClipOptions
        {
            ModelDirectory = clip,
            BatchSize = batch,
            Runtime = new OnnxRuntimeOptions { UseCuda = false, IntraOpThreads = threads },
        });
        var rates = Measure(async () =>
        {
            for (var start = 0; start < posts.Length; start += batch)
            {
                await featurizer.FeaturizeBatchAsync(posts[start..Math.Min(start + batch, posts.Length)]);
            }
        });
        Console.WriteLine($"| preprocess + encode (OnnxClipFeaturizer) | {batch} | {rates[rates.Count / 2]:F1} | {rates[0]:F1} | {rates[^1]:F1} |");
    }
}
finally
{
    if (Directory.Exists(scratch))
    {
        Directory.Delete(scratch, recursive: true);
    }
}

// Images per second of each timed round (after one warm-up), sorted.
List<double> Measure(Func<Task> round)
{
    var rates = new List<double>();
    for (var r = 0; r <= rounds; r++)
    {
        var watch = Stopwatch.StartNew();
        round().GetAwaiter().GetResult();
        watch.Stop();
        if (r > 0)
        {
            rates.Add(imageCount / watch.Elapsed.TotalSeconds);
        }
    }

    rates.Sort();
    return rates;
}
