using Mmoe.LlamaSharp.Gguf;

namespace Mmoe.LlamaSharp.Validation;

/// <summary>
/// Checks a GGUF LoRA adapter against the model it will be applied to, with the same rules llama.cpp applies
/// when it loads one. LLamaSharp does not notice when that load fails, and the next decode then crashes the
/// process, so every adapter goes through here first.
/// </summary>
public static class LoraAdapterValidator
{
    private const string LoraA = ".lora_a";
    private const string LoraB = ".lora_b";

    /// <exception cref="FileNotFoundException">No file at <paramref name="adapterPath"/>.</exception>
    /// <exception cref="ModelValidationException">The adapter does not fit the model.</exception>
    public static GgufHeader Validate(string adapterPath, GgufHeader model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = Path.GetFileName(adapterPath);
        var modelName = Path.GetFileName(model.FilePath);
        GgufHeader adapter;
        try
        {
            adapter = GgufReader.Read(adapterPath);
        }
        catch (GgufFormatException ex)
        {
            throw new ModelValidationException($"LoRA adapter {ex.Message}");
        }

        if (adapter.GetString("general.type") != "adapter" || adapter.GetString("adapter.type") != "lora")
        {
            throw new ModelValidationException(
                $"{name} is not a GGUF LoRA adapter (general.type = '{adapter.GetString("general.type")}', adapter.type = '{adapter.GetString("adapter.type")}'). Convert a PEFT adapter with llama.cpp's convert_lora_to_gguf.py.");
        }

        if (adapter.Architecture != model.Architecture)
        {
            throw new ModelValidationException(
                $"LoRA adapter {name} is for architecture '{adapter.Architecture}' but model {modelName} is '{model.Architecture}'.");
        }

        var pairs = new SortedDictionary<string, (GgufTensorInfo? A, GgufTensorInfo? B)>(StringComparer.Ordinal);
        foreach (var tensor in adapter.Tensors)
        {
            if (tensor.Name.EndsWith(LoraA, StringComparison.Ordinal))
            {
                var target = tensor.Name[..^LoraA.Length];
                pairs[target] = (tensor, pairs.GetValueOrDefault(target).B);
            }
            else if (tensor.Name.EndsWith(LoraB, StringComparison.Ordinal))
            {
                var target = tensor.Name[..^LoraB.Length];
                pairs[target] = (pairs.GetValueOrDefault(target).A, tensor);
            }
            else if (!tensor.Name.EndsWith("_norm.weight", StringComparison.Ordinal))
            {
                throw new ModelValidationException($"LoRA adapter {name}: tensor '{tensor.Name}' is neither a .lora_a nor a .lora_b tensor.");
            }
        }

        if (pairs.Count == 0)
        {
            throw new ModelValidationException($"LoRA adapter {name} has no LoRA tensors.");
        }

        foreach (var (target, (a, b)) in pairs)
        {
            if (a is null || b is null)
            {
                throw new ModelValidationException($"LoRA adapter {name}: tensor '{target}' has {(a is null ? "no .lora_a" : "no .lora_b")} half.");
            }

            var weight = model.FindTensor(target)
                ?? throw new ModelValidationException($"LoRA adapter {name}: tensor '{target}' does not exist in model {modelName} (wrong base model?).");
            CheckShapes(name, modelName, target, weight, a, b);
        }

        return adapter;
    }

    private static void CheckShapes(string name, string modelName, string target, GgufTensorInfo weight, GgufTensorInfo a, GgufTensorInfo b)
    {
        if (weight.Shape.Count != 2 || a.Shape.Count != 2 || b.Shape.Count != 2)
        {
            throw new ModelValidationException($"LoRA adapter {name}: tensor '{target}' is not a matrix in the adapter or in model {modelName}.");
        }

        // ggml shapes: weight [n_in, n_out], lora_a [n_in, r], lora_b [r, n_out]; token_embd has A and B swapped.
        var isTokenEmbedding = target.EndsWith("token_embd.weight", StringComparison.Ordinal);
        var fits = isTokenEmbedding
            ? weight.Shape[0] == b.Shape[1] && weight.Shape[1] == a.Shape[1]
            : weight.Shape[0] == a.Shape[0] && weight.Shape[1] == b.Shape[1];
        if (!fits)
        {
            throw new ModelValidationException(
                $"LoRA adapter {name}: tensor '{target}' has lora_a {a.ShapeText} and lora_b {b.ShapeText}, which do not fit the model's {weight.ShapeText} in {modelName} (adapter trained for a different model size?).");
        }

        if (!isTokenEmbedding && a.Shape[1] != b.Shape[0])
        {
            throw new ModelValidationException(
                $"LoRA adapter {name}: tensor '{target}' has rank {a.Shape[1]} in lora_a but {b.Shape[0]} in lora_b (lora_a must be transposed; old 'finetune' adapters are not supported).");
        }
    }
}
