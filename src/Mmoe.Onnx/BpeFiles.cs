using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Mmoe.Onnx;

/// <summary>Locates the <c>vocab.json</c> and <c>merges.txt</c> of a BPE tokenizer saved by Hugging Face.</summary>
internal static class BpeFiles
{
    public const string VocabFileName = "vocab.json";

    public const string MergesFileName = "merges.txt";

    public static (string Vocab, string Merges) Find(string directory, string what)
    {
        var vocab = Path.Combine(directory, VocabFileName);
        var merges = Path.Combine(directory, MergesFileName);
        foreach (var path in new[] { vocab, merges })
        {
            if (!File.Exists(path))
            {
                var name = Path.GetFileName(path);
                throw new FileNotFoundException(
                    $"The model folder has no '{name}' ({what}). Save the model's tokenizer next to the ONNX files (tokenizer.save_pretrained(folder)).", name);
            }
        }

        return (vocab, merges);
    }

    /// <summary>Creates the tokenizer, turning the library's complaints about the files into a clear error.</summary>
    public static BpeTokenizer Create(BpeOptions options)
    {
        try
        {
            return BpeTokenizer.Create(options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException or FormatException)
        {
            throw new InvalidDataException($"'{VocabFileName}' and '{MergesFileName}' do not form a BPE tokenizer: {ex.Message}", ex);
        }
    }
}
