using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LLama;
using LLama.Common;
using Mmoe;
using Mmoe.Features;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Benchmarks;
using Mmoe.LlamaSharp.Features;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Tests.Utilities;
using Mmoe.Models.Evaluation;

// Usage:
//   gguf OUT.gguf                                     write a random-weight Qwen2-0.5B-shaped GGUF (Q8_0)
//   features --gguf F [--posts 64] [--batch 16] [--tokens 160] [--threads N] [--pooling last|mean]
//   warm-cache --gguf F --root DIR --cache DIR [--train 19816] [--val 2410] [--test 2409]
var command = args.FirstOrDefault() ?? "";
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (command)
{
    case "gguf":
    {
        var output = args.ElementAtOrDefault(1) ?? throw new ArgumentException("gguf OUT.gguf");
        var watch = Stopwatch.StartNew();
        QwenShape.Parse("0.5b").WriteModel(output, GgmlTensorType.Q8_0);
        Console.WriteLine($"wrote {output}: {new FileInfo(output).Length / 1e6:F0} MB in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    case "features":
    {
        var gguf = Arg("--gguf", "");
        var count = Int("--posts", 64);
        var batch = Int("--batch", 16);
        var tokens = Int("--tokens", 160);
        var threads = args.Contains("--threads") ? Int("--threads", 2) : (int?)null;
        var posts = Posts(gguf, count, tokens, out var meanTokens);
        using var featurizer = await QwenHiddenStateFeaturizer.CreateAsync(
            new LlamaSharpMmoeOptions { ModelPath = gguf, Prompt = ReferencePrompts.Mmsd, MaxPostsPerBatch = batch, Threads = threads },
            QwenHiddenStateFeaturizer.ReadPooling(Arg("--pooling", "last")), "mmsd");
        await featurizer.FeaturizeBatchAsync(posts.Take(2).ToList()); // warm-up: first decode allocates buffers
        var rates = new List<double>();
        for (var start = 0; start + batch <= posts.Count; start += batch)
        {
            var watch = Stopwatch.StartNew();
            await featurizer.FeaturizeBatchAsync(posts.Skip(start).Take(batch).ToList());
            rates.Add(batch / watch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        Console.WriteLine($"{featurizer.Dimension}-d features, {meanTokens:F0} prompt tokens per post (mean), batch {batch}, {rates.Count} batches: " +
            $"median {rates[rates.Count / 2]:F2} posts/s (min {rates[0]:F2}, max {rates[^1]:F2})");
        return 0;
    }

    case "warm-cache":
    {
        var gguf = Arg("--gguf", "");
        var root = Path.GetFullPath(Arg("--root", ""));
        var splits = new[] { ("train", Int("--train", 19816)), ("val", Int("--val", 2410)), ("test", Int("--test", 2409)) };
        var raw = Directory.CreateDirectory(Path.Combine(root, "mmsdsized", "data_raw")).FullName;
        var random = new Random(1);
        foreach (var (split, n) in splits)
        {
            var items = new JsonObject();
            for (var i = 0; i < n; i++)
            {
                items[$"{split}{i:D5}"] = new JsonObject
                {
                    ["utterance"] = Sentence(random, 25),
                    ["speaker"] = "user",
                    ["context"] = new JsonArray(),
                    ["context_speakers"] = new JsonArray(),
                    ["show"] = "twitter",
                    ["sarcasm"] = random.Next(2) == 0,
                };
            }

            File.WriteAllText(Path.Combine(raw, $"mmsdsized_dataset_{split}.json"), items.ToJsonString());
        }

        // The featurizer's configuration (GGUF hash, prompt, pooling) keys the cache exactly as 'mmoe train' will.
        using var featurizer = await QwenHiddenStateFeaturizer.CreateAsync(new LlamaSharpMmoeOptions { ModelPath = gguf, Prompt = ReferencePrompts.Mmsd }, HiddenStatePooling.Last, "mmsd");
        var cache = new FeatureCache(new FeatureCacheOptions { Directory = Arg("--cache", "") });
        var data = await ReferenceDataset.LoadAsync(root, "mmsdsized");
        var written = 0;
        foreach (var item in data.Train.Concat(data.Validation).Concat(data.Test))
        {
            var values = new float[featurizer.Dimension];
            for (var d = 0; d < values.Length; d++)
            {
                values[d] = (float)(random.NextDouble() * 2 - 1);
            }

            cache.Write(FeatureCache.KeyOf(featurizer.Name, featurizer.Configuration, item.Post), new FeatureVector(values.Length, [.. Enumerable.Range(0, values.Length)], values));
            written++;
        }

        Console.WriteLine($"dataset {root}/mmsdsized ({string.Join(", ", splits.Select(s => $"{s.Item1} {s.Item2}"))}); {written} cache entries (random vectors) in {cache.Directory}");
        return 0;
    }

    default:
        Console.Error.WriteLine("commands: gguf OUT | features --gguf F [...] | warm-cache --gguf F --root DIR --cache DIR");
        return 2;
}

static string Sentence(Random random, int words)
{
    string[] vocabulary = ["great", "monday", "love", "waiting", "train", "late", "again", "coffee", "spilled", "meeting", "rain", "sunny", "best", "day", "ever", "thanks", "weather", "traffic", "queue", "phone", "battery", "dead", "perfect", "timing", "wow"];
    return string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)])) + ".";
}

static List<SocialPost> Posts(string gguf, int count, int tokens, out double meanTokens)
{
    using var weights = LLamaWeights.LoadFromFile(new ModelParams(gguf) { VocabOnly = true });
    var random = new Random(2);
    var posts = new List<SocialPost>();
    var total = 0;
    for (var i = 0; i < count; i++)
    {
        // Grow the text until the rendered MMSD prompt reaches the target length.
        var words = 10;
        SocialPost post;
        int length;
        do
        {
            post = new SocialPost { Id = $"p{i}", Text = Sentence(random, words), Caption = Sentence(random, words / 2) };
            length = weights.Tokenize(ReferencePrompts.Mmsd.Render(post), false, false, System.Text.Encoding.UTF8).Length;
            words += 4;
        }
        while (length < tokens);
        total += length;
        posts.Add(post);
    }

    meanTokens = (double)total / count;
    return posts;
}
