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
}
