using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.LlamaSharp.Native;

namespace Mmoe.LlamaSharp.Benchmarks;

/// <summary>
/// Times the two ways the Qwen path answers: (a) LoRA experts, the reference design (R, U, S and router adapters: four
/// forwards per post, the KV cache emptied at each adapter switch), through the product's <see cref="LoraInteractionExperts"/>;
/// (b) a shared backbone, one forward per post whose last hidden state feeds four linear heads. Then it splits the time
/// of a batch into tokenizing, adapter switches, llama.cpp's decode (its own counters) and the managed rest.
/// </summary>
internal sealed class QwenPathBenchmark(LlamaSharpMmoeOptions options, int promptTokens, int rounds, bool lora = true, bool shared = true)
{
    private static readonly string[] Words =
    [
        "great", "another", "monday", "love", "waiting", "train", "late", "again", "coffee", "spilled", "perfect", "start",
        "weekend", "rain", "forecast", "sunny", "boss", "meeting", "email", "thanks", "traffic", "best", "day", "ever",
        "phone", "battery", "dead", "wonderful", "queue", "hours", "service", "amazing", "wifi", "down", "exactly", "needed",
    ];

    public void Run(IReadOnlyList<int> batches, IReadOnlyList<bool> reuseSettings)
    {
        using var model = QwenModel.Load(Options(true, 1), NullLogger.Instance);
        var posts = Posts(model, batches.Max() * (rounds + 1));
        var prompts = posts.Select(post => model.Tokenize(options.Prompt.Render(post))).ToArray();
        var sharedPrefix = prompts.Skip(1).Select(p => p.AsSpan().CommonPrefixLength(prompts[0])).Min();
        Console.WriteLine($"prompt tokens: mean {prompts.Average(p => p.Length):F0}, shared prefix {sharedPrefix} tokens");
        Console.WriteLine();
        Console.WriteLine("| design | prefix reuse | batch | rounds | ms/post (median) | posts/s (median) | min–max posts/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var reuse in reuseSettings)
        {
            foreach (var batch in batches)
            {
                if (lora)
                {
                    using var experts = LoraInteractionExperts.Create(Options(reuse, batch));
                    Report("(a) LoRA experts, 4 forwards", reuse, batch, Measure(posts, batch, chunk => experts.ScoreAsync(chunk).GetAwaiter().GetResult()));
                }

                if (shared)
                {
                    using var context = new DecoderContext(model.CreateContext(embeddings: true), true, batch, reuse);
                    var heads = Heads(model.EmbeddingSize);
                    Report("(b) shared backbone, 1 forward + heads", reuse, batch, Measure(posts, batch, chunk => ScoreShared(model, context, heads, chunk)));
                }
            }
        }

        Console.WriteLine();
        Profile(model, posts, batches.Max() == 1 ? 1 : batches.Where(b => b > 1).Min());
    }

    private LlamaSharpMmoeOptions Options(bool reuse, int batch)
    {
        var copy = new LlamaSharpMmoeOptions
        {
            ModelPath = options.ModelPath,
            Adapters = options.Adapters,
            Prompt = options.Prompt,
            MaxPromptTokens = options.MaxPromptTokens,
            ContextSize = options.ContextSize,
            BatchSize = options.BatchSize,
            Threads = options.Threads,
            GpuLayerCount = options.GpuLayerCount,
            NativeLibraryPath = options.NativeLibraryPath,
            KvCacheType = options.KvCacheType,
            MaxPostsPerBatch = batch,
            ReusePromptPrefix = reuse,
        };
        return copy;
    }

    /// <summary>Synthetic tweets with a caption, each different, grown word by word to the target prompt length.</summary>
    private SocialPost[] Posts(QwenModel model, int count)
    {
        var random = new Random(42);
        var posts = new SocialPost[count];
        for (var i = 0; i < count; i++)
        {
            var caption = $"A photo of {Words[random.Next(Words.Length)]} people at a {Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}.";
            var text = new List<string>();
            SocialPost post;
            do
            {
                text.Add(Words[random.Next(Words.Length)]);
                post = new SocialPost { Id = $"p{i}", Text = string.Join(' ', text), Caption = caption };
            }
            while (model.Tokenize(options.Prompt.Render(post)).Length < promptTokens);
            posts[i] = post;
        }

        return posts;
    }

    private static float[][] Heads(int dimension)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 4 * 2).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray())];
    }

    /// <summary>The shared-backbone answer: one forward per post, then a yes/no linear head per expert (R, U, S) and the router's.</summary>
    private float ScoreShared(QwenModel model, DecoderContext context, float[][] heads, IReadOnlyList<SocialPost> chunk)
    {
        var prompts = chunk.Select(post => model.Tokenize(options.Prompt.Render(post))).ToArray();
        var sum = 0f;
        context.Run(prompts, (_, hidden) =>
        {
            foreach (var head in heads)
            {
                sum += System.Numerics.Tensors.TensorPrimitives.Dot(hidden, head);
            }
        }, CancellationToken.None);
        return sum;
    }

    /// <summary>Seconds per round of <paramref name="batch"/> posts (one warm-up round first), sorted.</summary>
    private List<double> Measure(SocialPost[] posts, int batch, Action<IReadOnlyList<SocialPost>> score)
    {
        // Warm up on one post (weights paged in, kernels chosen); a batch of 32 LoRA posts costs minutes on 2 cores, so
        // large batches get fewer rounds.
        score(posts[..1]);
        var seconds = new List<double>();
        for (var round = 0; round < RoundsFor(batch); round++)
        {
            var chunk = posts[((round + 1) * batch)..((round + 2) * batch)];
            var watch = Stopwatch.StartNew();
            score(chunk);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        seconds.Sort();
        return seconds;
    }

    private int RoundsFor(int batch) => batch >= 32 ? Math.Max(1, rounds / 3) : rounds;

    private static void Report(string design, bool reuse, int batch, List<double> seconds)
    {
        var median = seconds[seconds.Count / 2];
        Console.WriteLine($"| {design} | {(reuse ? "on" : "off")} | {batch} | {seconds.Count} | {median * 1000 / batch:F0} | {batch / median:F2} | {batch / seconds[^1]:F2}–{batch / seconds[0]:F2} |");
    }

    /// <summary>Where a batch's time goes, for both designs, measured piece by piece on one context.</summary>
    private void Profile(QwenModel model, SocialPost[] posts, int batch)
    {
        var chunk = posts[..batch];
        Console.WriteLine($"Where the time of a batch of {batch} goes (prefix reuse on; ms per post):");
        Console.WriteLine();
        Console.WriteLine("| design | tokenize | adapter switches | llama.cpp decode | managed rest | total |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");

        var watch = Stopwatch.StartNew();
        var prompts = chunk.Select(post => model.Tokenize(options.Prompt.Render(post))).ToArray();
        var tokenize = watch.Elapsed.TotalMilliseconds;

        if (lora && options.Adapters is not null)
        {
            var adapters = options.Adapters.All().Where(a => a.Role != "baseline").Select(a => model.LoadAdapter(a.Path)).ToArray();
            using var lora = new DecoderContext(model.CreateContext(embeddings: false), false, batch);
            lora.UseAdapter(adapters[^1], 1f);
            lora.Run(prompts, (_, _) => { }, CancellationToken.None);
            var decodedBefore = lora.DecodeTime.TotalMilliseconds;
            double switching = 0;
            var total = Stopwatch.StartNew();
            foreach (var adapter in adapters)
            {
                var switchWatch = Stopwatch.StartNew();
                lora.UseAdapter(adapter, 1f);
                switching += switchWatch.Elapsed.TotalMilliseconds;
                lora.Run(prompts, (_, _) => { }, CancellationToken.None);
            }

            var decode = lora.DecodeTime.TotalMilliseconds - decodedBefore;
            var all = total.Elapsed.TotalMilliseconds + tokenize;
            Console.WriteLine($"| (a) LoRA experts | {tokenize / batch:F1} | {switching / batch:F1} | {decode / batch:F1} | {(all - tokenize - switching - decode) / batch:F1} | {all / batch:F1} |");
        }

        if (!shared)
        {
            return;
        }

        using var backbone = new DecoderContext(model.CreateContext(embeddings: true), true, batch);
        backbone.Run(prompts, (_, _) => { }, CancellationToken.None);
        backbone.ClearCache();
        var sharedBefore = backbone.DecodeTime.TotalMilliseconds;
        var sharedWatch = Stopwatch.StartNew();
        backbone.Run(prompts, (_, _) => { }, CancellationToken.None);
        var sharedDecode = backbone.DecodeTime.TotalMilliseconds - sharedBefore;
        var sharedAll = sharedWatch.Elapsed.TotalMilliseconds + tokenize;
        Console.WriteLine($"| (b) shared backbone | {tokenize / batch:F1} | – | {sharedDecode / batch:F1} | {(sharedAll - tokenize - sharedDecode) / batch:F1} | {sharedAll / batch:F1} |");
    }
}
