using LLama;
using LLama.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Features;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Tests.Utilities;
using Mmoe.LlamaSharp.Validation;

namespace Mmoe.LlamaSharp.Tests.Native;

[Collection(TinyModelCollection.Name)]
public sealed class NativeBackendTests(TinyModelFixture fixture)
{
    private static readonly SocialPost[] Posts =
    [
        new() { Id = "a", Text = "Oh great, another meeting.", Speaker = "SHELDON", Context = [new DialogueTurn("LEONARD", "We have a meeting at noon.")], Metadata = new Dictionary<string, string> { ["show"] = "BBT" } },
        new() { Id = "b", Text = "I love waiting in line.", Speaker = "RAJ", Caption = "A long queue outside a shop.", Metadata = new Dictionary<string, string> { ["show"] = "BBT" } },
        new() { Id = "c", Text = "Thanks, that was really helpful.", Speaker = "PENNY", Metadata = new Dictionary<string, string> { ["show"] = "FRIENDS" } },
        new() { Id = "d", Text = "Sure.", Speaker = "JOEY", Context = [new DialogueTurn("ROSS", "Can you help me move?"), new DialogueTurn("CHANDLER", "No.")], Metadata = new Dictionary<string, string> { ["show"] = "FRIENDS" } },
    ];

    private LlamaSharpMmoeOptions Options(KvCacheType cache = KvCacheType.F32, int maxPosts = 16) => new()
    {
        ModelPath = fixture.ModelPath,
        Adapters = ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory),
        KvCacheType = cache,
        MaxPostsPerBatch = maxPosts,
        ContextSize = 2048,
        Threads = 2,
    };

    [Fact]
    public void Tokenizer_matches_llama_cpp_test_vectors()
    {
        var inputs = File.ReadAllText(SharedData.Path("qwen2-tokenizer", "tokenizer-tests.inp")).Split("\n__ggml_vocab_test__\n");
        var expected = File.ReadAllLines(SharedData.Path("qwen2-tokenizer", "tokenizer-tests.out"));
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(fixture.ModelPath) { VocabOnly = true });

        Assert.Equal(expected.Length, inputs.Length - (inputs[^1].Length == 0 ? 1 : 0));
        for (var i = 0; i < expected.Length; i++)
        {
            var tokens = weights.Tokenize(inputs[i], false, false, System.Text.Encoding.UTF8).Select(t => (int)t);
            Assert.True(
                expected[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).SequenceEqual(tokens),
                $"input {i} ('{inputs[i]}'): expected [{expected[i].Trim()}], got [{string.Join(' ', tokens)}]");
        }

        Assert.Equal([9834], weights.Tokenize(" yes", false, false, System.Text.Encoding.UTF8).Select(t => (int)t));
        Assert.Equal([902], weights.Tokenize(" no", false, false, System.Text.Encoding.UTF8).Select(t => (int)t));
    }

    [Fact]
    public async Task Batched_scores_equal_one_post_at_a_time()
    {
        using var experts = LoraInteractionExperts.Create(Options(KvCacheType.F16));

        var batched = await experts.ScoreAsync(Posts);
        var single = new List<ExpertScores>();
        foreach (var post in Posts)
        {
            single.Add((await experts.ScoreAsync([post]))[0]);
        }

        for (var i = 0; i < Posts.Length; i++)
        {
            AssertClose(single[i].Redundancy, batched[i].Redundancy);
            AssertClose(single[i].Uniqueness, batched[i].Uniqueness);
            AssertClose(single[i].Synergy, batched[i].Synergy);
            AssertClose(single[i].Baseline!.Value, batched[i].Baseline!.Value);
            Assert.Equal(single[i].Router.Redundancy, batched[i].Router.Redundancy, 1e-3);
            Assert.Equal(single[i].Router.Synergy, batched[i].Router.Synergy, 1e-3);
        }

        // Different posts and different adapters give different answers (the scores are not constant).
        Assert.NotEqual(batched[0].Redundancy, batched[2].Redundancy);
        Assert.NotEqual(batched[0].Redundancy, batched[0].Uniqueness);
    }

    [Fact]
    public async Task Small_sequence_limits_split_the_batch_without_changing_scores()
    {
        using var wide = LoraInteractionExperts.Create(Options());
        using var narrow = LoraInteractionExperts.Create(Options(maxPosts: 1));

        var expected = await wide.ScoreAsync(Posts);
        var actual = await narrow.ScoreAsync(Posts);

        for (var i = 0; i < Posts.Length; i++)
        {
            AssertClose(expected[i].Synergy, actual[i].Synergy);
        }
    }

    [Fact]
    public async Task A_call_with_more_posts_than_llama_cpp_has_sequences_is_split_and_scores_like_small_batches()
    {
        var options = Options(maxPosts: LlamaSharpMmoeOptions.MaxSequencesPerBatch);
        options.ContextSize = 16384;
        using var experts = LoraInteractionExperts.Create(options);
        using var reference = LoraInteractionExperts.Create(Options(maxPosts: 4));
        var many = Enumerable.Range(0, 300).Select(i => Posts[i % Posts.Length] with { Id = $"p{i}" }).ToArray();

        var scores = await experts.ScoreAsync(many);
        var expected = await reference.ScoreAsync(Posts);

        Assert.Equal(300, scores.Count);
        for (var i = 0; i < many.Length; i++)
        {
            AssertClose(expected[i % Posts.Length].Redundancy, scores[i].Redundancy);
        }
    }

    [Fact]
    public async Task Decoding_whole_prompts_without_prefix_reuse_scores_like_reusing_the_prefix()
    {
        using var reusing = LoraInteractionExperts.Create(Options());
        var options = Options();
        options.ReusePromptPrefix = false;
        using var whole = LoraInteractionExperts.Create(options);

        var expected = await reusing.ScoreAsync(Posts);
        var actual = await whole.ScoreAsync(Posts);

        for (var i = 0; i < Posts.Length; i++)
        {
            AssertClose(expected[i].Redundancy, actual[i].Redundancy);
            AssertClose(expected[i].Synergy, actual[i].Synergy);
        }
    }

    [Fact]
    public async Task Concurrent_calls_through_the_context_pool_score_like_sequential_ones()
    {
        var options = Options();
        options.ContextPoolSize = 2;
        using var experts = LoraInteractionExperts.Create(options);
        var sequential = new List<ExpertScores>();
        foreach (var post in Posts)
        {
            sequential.Add((await experts.ScoreAsync([post]))[0]);
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => experts.ScoreAsync([Posts[i % Posts.Length]])));

        for (var i = 0; i < concurrent.Length; i++)
        {
            AssertClose(sequential[i % Posts.Length].Uniqueness, concurrent[i][0].Uniqueness);
            AssertClose(sequential[i % Posts.Length].Synergy, concurrent[i][0].Synergy);
        }
    }

    [Fact]
    public void Applying_then_removing_an_adapter_restores_the_base_logits_exactly()
    {
        var options = Options(KvCacheType.F32);
        using var model = QwenModel.Load(options, NullLogger.Instance);
        var adapter = model.LoadAdapter(Path.Combine(fixture.ExpertsDirectory, "R.gguf"));
        using var context = new DecoderContext(model.CreateContext(embeddings: false), false, 4);
        int[][] prompts = [.. Posts.Select(post => model.Tokenize(options.Prompt.Render(post)))];

        float[][] Run()
        {
            var rows = new float[prompts.Length][];
            context.Run(prompts, (index, row) => rows[index] = row.ToArray(), CancellationToken.None);
            return rows;
        }

        context.UseAdapter(null, 1f);
        var before = Run();
        context.UseAdapter(adapter, 1f);
        var adapted = Run();
        context.UseAdapter(null, 1f);
        var after = Run();

        Assert.NotEqual(before[0], adapted[0]);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(before[i], after[i]);
        }
    }

    [Fact]
    public void A_bad_adapter_is_rejected_with_its_file_and_tensor_and_the_process_keeps_working()
    {
        var options = Options();
        using var model = QwenModel.Load(options, NullLogger.Instance);

        var error = Assert.Throws<ModelValidationException>(() => model.LoadAdapter(fixture.BadAdapterPath));
        Assert.Contains("wrong-size.gguf", error.Message);
        Assert.Contains("blk.0.attn_k.weight", error.Message);

        using var context = new DecoderContext(model.CreateContext(embeddings: false), false, 4);
        var decoded = 0;
        context.Run([model.Tokenize("Is this sarcastic? Answer:")], (_, row) => decoded += row.Length, CancellationToken.None);
        Assert.Equal(QwenVocabulary.Size, decoded);
    }

    [Fact]
    public void A_non_qwen2_model_is_rejected_before_loading()
    {
        var path = fixture.TempFile("llama-arch.gguf");
        fixture.Spec.WriteModel(path, QwenVocabulary.Mini("yes", "no", "1", "2", "3"), architecture: "llama");
        var options = Options();
        options.ModelPath = path;

        var error = Assert.Throws<ModelValidationException>(() => LoraInteractionExperts.Create(options));
        Assert.Contains("architecture 'llama'", error.Message);
    }

    [Theory]
    [InlineData(HiddenStatePooling.Last)]
    [InlineData(HiddenStatePooling.Mean)]
    public async Task Qwen_features_are_the_hidden_size_and_batch_independent(HiddenStatePooling pooling)
    {
        using var features = await QwenHiddenStateFeaturizer.CreateAsync(Options(), pooling, "mustard");

        var batched = await features.FeaturizeBatchAsync(Posts);
        var single = await features.FeaturizeBatchAsync([Posts[3]]);
        var again = await features.FeaturizeBatchAsync(Posts);

        Assert.Equal(fixture.Spec.Embedding, features.Dimension);
        Assert.All(batched, vector => Assert.Equal(fixture.Spec.Embedding, vector.Count));
        for (var i = 0; i < features.Dimension; i++)
        {
            Assert.Equal(single[0].Values[i], batched[3].Values[i], 1e-3);
            // The second call reuses the prefix (and, for mean pooling, its rows) cached by the first.
            Assert.Equal(batched[0].Values[i], again[0].Values[i], 1e-3);
        }

        Assert.NotEqual(batched[0].Values, batched[1].Values);
        Assert.Equal(9, features.PostsDecoded);
        Assert.Equal(pooling.ToString().ToLowerInvariant(), features.Configuration["pooling"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mean_pooling_averages_every_position_and_differs_from_the_last_token()
    {
        var options = Options();
        using var last = await QwenHiddenStateFeaturizer.CreateAsync(options, HiddenStatePooling.Last);
        using var mean = await QwenHiddenStateFeaturizer.CreateAsync(Options(), HiddenStatePooling.Mean);
        using var model = QwenModel.Load(options, NullLogger.Instance);
        using var context = new DecoderContext(model.CreateContext(embeddings: true), true, 4);
        var prompt = model.Tokenize(options.Prompt.Render(Posts[0]));
        var sum = new double[fixture.Spec.Embedding];
        var rows = 0;
        context.Run([prompt], (_, row) =>
        {
            rows++;
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += row[d];
            }
        }, CancellationToken.None, allPositions: true);

        var pooled = (await mean.FeaturizeBatchAsync([Posts[0]]))[0];
        var final = (await last.FeaturizeBatchAsync([Posts[0]]))[0];

        Assert.Equal(prompt.Length, rows);
        for (var d = 0; d < sum.Length; d++)
        {
            Assert.Equal(sum[d] / rows, pooled.Values[d], 1e-3);
        }

        Assert.NotEqual(final.Values, pooled.Values);
    }

    [Fact]
    public void Last_position_hidden_states_match_a_run_that_outputs_every_position()
    {
        // Last-position runs decode all but the last token with embeddings off; an all-positions run is llama.cpp's
        // plain embeddings decode, so the two must agree on each prompt's last row.
        var options = Options();
        using var model = QwenModel.Load(options, NullLogger.Instance);
        int[][] prompts = [.. Posts.Select(post => model.Tokenize(options.Prompt.Render(post)))];
        using var everyPosition = new DecoderContext(model.CreateContext(embeddings: true), true, 4, reusePrefix: false);
        using var lastPosition = new DecoderContext(model.CreateContext(embeddings: true), true, 4);
        var rowsPerPrompt = prompts.Select(_ => new List<float[]>()).ToArray();
        everyPosition.Run(prompts, (index, row) => rowsPerPrompt[index].Add(row.ToArray()), CancellationToken.None, allPositions: true);
        var lastRows = new float[prompts.Length][];
        var calls = 0;
        lastPosition.Run(prompts, (index, row) =>
        {
            calls++;
            lastRows[index] = row.ToArray();
        }, CancellationToken.None);
        // A second call reuses the cached prefix, decoded with embeddings off.
        var again = new float[prompts.Length][];
        lastPosition.Run(prompts, (index, row) => again[index] = row.ToArray(), CancellationToken.None);

        Assert.Equal(prompts.Length, calls);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(prompts[i].Length, rowsPerPrompt[i].Count);
            var expected = rowsPerPrompt[i][^1];
            Assert.Equal(fixture.Spec.Embedding, lastRows[i].Length);
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.Equal(expected[d], lastRows[i][d], 1e-3);
                Assert.Equal(expected[d], again[i][d], 1e-3);
            }
        }

        Assert.NotEqual(lastRows[0], lastRows[1]);
    }

    [Fact]
    public async Task Detector_registered_with_one_call_returns_verdicts_with_captions()
    {
        var services = new ServiceCollection();
        services.AddMmoeLlamaSharp(options =>
        {
            options.ModelPath = fixture.ModelPath;
            options.Adapters = ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory);
            options.ContextSize = 2048;
            options.Threads = 2;
        });
        using var provider = services.BuildServiceProvider();
        var detector = provider.GetRequiredService<IMmoeDetector>();

        var verdicts = await detector.DetectBatchAsync(Posts);

        Assert.Equal(["a", "b", "c", "d"], verdicts.Select(v => v.PostId));
        Assert.Equal("A long queue outside a shop.", verdicts[1].Caption);
        Assert.All(verdicts, v =>
        {
            Assert.InRange(v.Probability, 0, 1);
            Assert.Equal(1, v.InteractionWeights.Redundancy + v.InteractionWeights.Uniqueness + v.InteractionWeights.Synergy, 9);
            Assert.NotNull(v.Experts.Baseline);
        });
        Assert.Equal("tiny-qwen2", detector.Model.Id);
    }

    private static void AssertClose(BinaryLogits expected, BinaryLogits actual)
    {
        // Batches of different sizes take different matrix kernels, so the last float bits may differ.
        Assert.Equal(expected.Negative, actual.Negative, 1e-3);
        Assert.Equal(expected.Positive, actual.Positive, 1e-3);
    }
}
