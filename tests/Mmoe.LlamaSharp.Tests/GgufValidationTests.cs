using Mmoe.LlamaSharp.Gguf;
using Mmoe.LlamaSharp.Tests.Utilities;
using Mmoe.LlamaSharp.Validation;

namespace Mmoe.LlamaSharp.Tests;

public sealed class GgufValidationTests : IDisposable
{
    private static readonly QwenVocabulary Vocabulary = QwenVocabulary.Mini("yes", "no", "1", "2", "3", "\u0120yes", "\u0120no", "hello");
    private readonly TempDirectory _temp = new();
    private readonly TinyQwen2 _spec = new();

    public void Dispose() => _temp.Dispose();

    private string Model(string name = "model.gguf", string architecture = "qwen2", QwenVocabulary? vocabulary = null)
    {
        var path = _temp.File(name);
        _spec.WriteModel(path, vocabulary ?? Vocabulary, architecture: architecture);
        return path;
    }

    [Fact]
    public void Reader_returns_the_metadata_and_tensor_directory_that_were_written()
    {
        var header = GgufReader.Read(Model());

        Assert.Equal(3u, header.Version);
        Assert.Equal("qwen2", header.Architecture);
        Assert.Equal(32, header.GetInteger("qwen2.embedding_length"));
        Assert.Equal(1e-6, header.GetFloat("qwen2.attention.layer_norm_rms_epsilon")!.Value, 12);
        Assert.Equal(Vocabulary.Tokens, (string[])header.Metadata["tokenizer.ggml.tokens"]);
        Assert.Equal(2 + 12 * 2, header.Tensors.Count);
        var k = header.FindTensor("blk.1.attn_k.weight")!;
        Assert.Equal([32L, 16L], k.Shape);
        Assert.Equal(32 * 16 * 4, k.ByteCount);
        Assert.Equal(0, header.DataOffset % 32);
    }

    [Fact]
    public void A_valid_model_passes()
    {
        var header = QwenModelValidator.Validate(Model(), AnswerTokenStyle.LeadingSpace);
        Assert.Equal("qwen2", header.Architecture);
    }

    [Fact]
    public void A_missing_model_file_is_reported_as_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => QwenModelValidator.Validate(_temp.File("absent.gguf"), AnswerTokenStyle.Reference));
    }

    [Fact]
    public void A_truncated_model_names_the_file_and_the_tensor_cut_off()
    {
        var path = Model("cut.gguf");
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        var error = Assert.Throws<ModelValidationException>(() => QwenModelValidator.Validate(path, AnswerTokenStyle.Reference));
        Assert.Contains("cut.gguf is truncated", error.Message);
        Assert.Contains("blk.1.ffn_down.weight", error.Message);
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_truncated_too()
    {
        var path = Model("short.gguf");
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(200);
        }

        var error = Assert.Throws<ModelValidationException>(() => QwenModelValidator.Validate(path, AnswerTokenStyle.Reference));
        Assert.Contains("short.gguf is truncated", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_rejected()
    {
        var path = _temp.File("weights.bin");
        File.WriteAllBytes(path, new byte[64]);

        var error = Assert.Throws<ModelValidationException>(() => QwenModelValidator.Validate(path, AnswerTokenStyle.Reference));
        Assert.Contains("weights.bin is not a GGUF file", error.Message);
    }

    [Fact]
    public void A_non_qwen2_architecture_is_rejected()
    {
        var error = Assert.Throws<ModelValidationException>(() => QwenModelValidator.Validate(Model("llama.gguf", "llama"), AnswerTokenStyle.Reference));
        Assert.Contains("llama.gguf has architecture 'llama'", error.Message);
    }

    [Fact]
    public void A_model_without_the_answer_tokens_is_rejected()
    {
        var path = Model("novocab.gguf", vocabulary: QwenVocabulary.Mini("yes", "no", "1", "2", "3"));

        QwenModelValidator.Validate(path, AnswerTokenStyle.Reference);
        var error = Assert.Throws<ModelValidationException>(() => QwenModelValidator.Validate(path, AnswerTokenStyle.LeadingSpace));
        Assert.Contains("no token ' yes'", error.Message);
    }

    [Fact]
    public void A_reference_shaped_adapter_fits_its_model()
    {
        var model = GgufReader.Read(Model());
        var path = _temp.File("R.gguf");
        _spec.WriteAdapter(path, seed: 5);

        var adapter = LoraAdapterValidator.Validate(path, model);

        Assert.Equal(32.0, adapter.GetFloat("adapter.lora.alpha"));
        Assert.Equal([32L, 16L], adapter.FindTensor("blk.0.attn_k.weight.lora_a")!.Shape);
    }

    [Fact]
    public void An_adapter_for_another_model_size_names_the_file_and_tensor()
    {
        var model = GgufReader.Read(Model());
        var path = _temp.File("U.gguf");
        _spec.WriteAdapter(path, seed: 5, embeddingOverride: 64);

        var error = Assert.Throws<ModelValidationException>(() => LoraAdapterValidator.Validate(path, model));
        Assert.Contains("LoRA adapter U.gguf", error.Message);
        Assert.Contains("tensor 'blk.0.attn_k.weight' has lora_a [64, 16] and lora_b [16, 32]", error.Message);
        Assert.Contains("model's [32, 16]", error.Message);
    }

    [Fact]
    public void An_adapter_for_another_architecture_is_rejected()
    {
        var model = GgufReader.Read(Model());
        var path = _temp.File("llama-lora.gguf");
        _spec.WriteAdapter(path, seed: 5, architecture: "llama");

        var error = Assert.Throws<ModelValidationException>(() => LoraAdapterValidator.Validate(path, model));
        Assert.Contains("for architecture 'llama' but model model.gguf is 'qwen2'", error.Message);
    }

    [Fact]
    public void An_adapter_missing_its_b_half_is_rejected()
    {
        var model = GgufReader.Read(Model());
        var path = _temp.File("half.gguf");
        _spec.WriteAdapter(path, seed: 5, dropLoraB: true);

        var error = Assert.Throws<ModelValidationException>(() => LoraAdapterValidator.Validate(path, model));
        Assert.Contains("tensor 'blk.0.attn_k.weight' has no .lora_b half", error.Message);
    }

    [Fact]
    public void A_model_given_as_adapter_is_rejected()
    {
        var model = GgufReader.Read(Model());

        var error = Assert.Throws<ModelValidationException>(() => LoraAdapterValidator.Validate(Model("other.gguf"), model));
        Assert.Contains("other.gguf is not a GGUF LoRA adapter", error.Message);
    }

    [Fact]
    public void An_adapter_targeting_a_tensor_the_model_lacks_is_rejected()
    {
        var model = GgufReader.Read(Model());
        var path = _temp.File("extra.gguf");
        new GgufWriter()
            .Add("general.architecture", "qwen2").Add("general.type", "adapter").Add("adapter.type", "lora").Add("adapter.lora.alpha", 32f)
            .AddTensor("blk.7.attn_q.weight.lora_a", [32, 16], new float[512])
            .AddTensor("blk.7.attn_q.weight.lora_b", [16, 32], new float[512])
            .Write(path);

        var error = Assert.Throws<ModelValidationException>(() => LoraAdapterValidator.Validate(path, model));
        Assert.Contains("tensor 'blk.7.attn_q.weight' does not exist in model model.gguf", error.Message);
    }
}
