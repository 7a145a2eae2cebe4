using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests.Native;

/// <summary>
/// What llama.cpp refuses after our GGUF header checks have passed: each refusal must become an exception naming
/// the file, and the process must go on decoding (LLamaSharp 0.30 would crash at the next decode).
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class NativeFailureTests(TinyModelFixture fixture)
{
    private LlamaSharpMmoeOptions Options() => new()
    {
        ModelPath = fixture.ModelPath,
        Adapters = ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory),
        ContextSize = 2048,
        Threads = 2,
    };

    [Fact]
    public void An_adapter_llama_cpp_refuses_after_header_validation_is_an_error_naming_it()
    {
        // A valid LoRA whose aLoRA invocation key has the wrong type: our header checks pass, llama.cpp returns NULL.
        var path = fixture.TempFile("bad-alora-key.gguf");
        fixture.Spec.WriteAdapter(path, seed: 11, extraMetadata: writer => writer.Add("adapter.alora.invocation_tokens", "not an array"));
        using var model = QwenModel.Load(Options(), NullLogger.Instance);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadAdapter(path));

        Assert.Contains("bad-alora-key.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        using var context = new DecoderContext(model.CreateContext(embeddings: false), false, 4);
        var decoded = 0;
        context.Run([model.Tokenize("Is this sarcastic? Answer:")], (_, row) => decoded += row.Length, CancellationToken.None);
        Assert.Equal(QwenVocabulary.Size, decoded);
    }

    [Fact]
    public void A_context_llama_cpp_refuses_is_an_error_naming_the_model()
    {
        // llama.cpp needs flash attention for a quantized V cache and returns no context without it.
        var options = Options();
        options.KvCacheType = KvCacheType.Q8_0;
        options.FlashAttention = false;
        using var model = QwenModel.Load(options, NullLogger.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => model.CreateContext(embeddings: false));

        Assert.Contains("tiny-qwen2.gguf", error.Message, StringComparison.Ordinal);
        using var working = QwenModel.Load(Options(), NullLogger.Instance);
        using var context = new DecoderContext(working.CreateContext(embeddings: false), false, 4);
        var decoded = 0;
        context.Run([working.Tokenize("Still working?")], (_, row) => decoded += row.Length, CancellationToken.None);
        Assert.Equal(QwenVocabulary.Size, decoded);
    }

    [Fact]
    public async Task A_refused_context_surfaces_from_the_detector_as_an_error_not_a_crash()
    {
        var options = Options();
        options.KvCacheType = KvCacheType.Q4_0;
        options.FlashAttention = false;
        using var experts = LoraInteractionExperts.Create(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => experts.ScoreAsync([new SocialPost { Text = "Great, more rain." }]));

        Assert.Contains("could not create a context", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    public void More_than_255_posts_per_batch_is_refused_at_start_up_with_the_limit(int maxPosts)
    {
        var options = Options();
        options.MaxPostsPerBatch = maxPosts;

        var error = Assert.Throws<ArgumentException>(() => LoraInteractionExperts.Create(options));

        Assert.Contains("MaxPostsPerBatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("255", error.Message, StringComparison.Ordinal);
    }
}
