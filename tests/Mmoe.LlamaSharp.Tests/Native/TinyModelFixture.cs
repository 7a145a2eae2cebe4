using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests.Native;

/// <summary>Builds, once per test run, a tiny random Qwen2 with the real vocabulary and four reference-shaped adapters.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TinyModelFixture()
    {
        Spec = new TinyQwen2();
        ModelPath = _temp.File("tiny-qwen2.gguf");
        Spec.WriteModel(ModelPath, QwenVocabulary.Qwen2, seed: 7);
        ExpertsDirectory = Directory.CreateDirectory(_temp.File("experts")).FullName;
        var seed = 100;
        foreach (var name in new[] { "R.gguf", "U.gguf", "AS.gguf", "baseline.gguf", "router.gguf" })
        {
            Spec.WriteAdapter(Path.Combine(ExpertsDirectory, name), seed++);
        }

        BadAdapterPath = _temp.File("wrong-size.gguf");
        Spec.WriteAdapter(BadAdapterPath, seed: 3, embeddingOverride: 64);
    }

    internal TinyQwen2 Spec { get; }

    public string ModelPath { get; }

    public string ExpertsDirectory { get; }

    public string BadAdapterPath { get; }

    public string TempFile(string name) => _temp.File(name);

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny qwen2 model";
}
