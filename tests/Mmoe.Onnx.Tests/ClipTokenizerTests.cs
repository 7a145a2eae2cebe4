using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

public sealed class ClipTokenizerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public ClipTokenizerTests() => TinyClip.WriteTokenizer(_directory.Path, contextLength: 8);

    public void Dispose() => _directory.Dispose();

    private static long Id(string token) => TinyClip.Vocabulary[token];

    [Fact]
    public void Encode_LowerCasesSplitsMergesWithEndOfWordSuffixAndPads()
    {
        var tokenizer = ClipTokenizer.Load(_directory.Path);
        var ids = new long[8];
        var mask = new long[8];

        tokenizer.Encode("A  Cat\tdog!", ids, mask);

        long[] expected = [Id("<|startoftext|>"), Id("a</w>"), Id("cat</w>"), Id("dog</w>"), Id("!</w>"), Id("<|endoftext|>"), Id("<|endoftext|>"), Id("<|endoftext|>")];
        Assert.Equal(expected, ids);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 0, 0], mask);
    }

    [Fact]
    public void EncodeToIds_MergesOnlyWhatTheMergeListAllows()
    {
        var tokenizer = ClipTokenizer.Load(_directory.Path);

        // "c a" merges, but "ca t</w>" needs t at the word's end, so "cats" stays ca + t + s</w>.
        Assert.Equal([(int)Id("ca"), (int)Id("t"), (int)Id("s</w>")], tokenizer.EncodeToIds("cats"));
        Assert.Equal([(int)Id("d"), (int)Id("o</w>"), (int)Id("'"), (int)Id("s</w>")], tokenizer.EncodeToIds("do's"));
    }

    [Fact]
    public void Encode_LongText_KeepsTheFirstTokensAndTheEndToken()
    {
        var tokenizer = ClipTokenizer.Load(_directory.Path);
        var ids = new long[8];
        var mask = new long[8];

        tokenizer.Encode("a b c d e f g h i", ids, mask);

        long[] expected = [Id("<|startoftext|>"), Id("a</w>"), Id("b</w>"), Id("c</w>"), Id("d</w>"), Id("e</w>"), Id("f</w>"), Id("<|endoftext|>")];
        Assert.Equal(expected, ids);
        Assert.All(mask, m => Assert.Equal(1L, m));
    }

    [Fact]
    public void Load_ContextLengthArgumentOverridesTheConfig()
    {
        Assert.Equal(8, ClipTokenizer.Load(_directory.Path).ContextLength);
        Assert.Equal(5, ClipTokenizer.Load(_directory.Path, contextLength: 5).ContextLength);
    }

    [Fact]
    public void Load_MissingMerges_FailsNamingTheFile()
    {
        File.Delete(_directory.Sub("merges.txt"));

        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load(_directory.Path));

        Assert.Contains("'merges.txt'", error.Message);
    }

    [Fact]
    public void Load_MergeOfUnknownTokens_FailsNamingTheFiles()
    {
        File.AppendAllText(_directory.Sub("merges.txt"), "a b\n");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(_directory.Path));

        Assert.Contains("'vocab.json' and 'merges.txt' do not form a BPE tokenizer", error.Message);
    }
}
