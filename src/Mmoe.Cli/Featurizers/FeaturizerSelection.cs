namespace Mmoe.Cli.Featurizers;

/// <summary>
/// What the command line asked for: a featurizer name (null: hashed-ngrams for training, the model's own for a
/// trained model), the CLIP folder for onnx-clip, a folder of post images, and for Qwen2 hidden states the GGUF, the
/// reference prompt, the pooling, GPU layers, threads and the feature cache.
/// </summary>
internal sealed record FeaturizerSelection(string? Name, string? ClipDirectory = null, string? ImagesDirectory = null)
{
    public string? GgufPath { get; init; }

    /// <summary>Reference prompt name (mustard, mmsd, funny); null: the dataset's own, else mustard.</summary>
    public string? Prompt { get; init; }

    public string? Pooling { get; init; }

    public int GpuLayers { get; init; }

    public int? Threads { get; init; }

    public string? NativeLibrary { get; init; }

    /// <summary>The feature cache folder (null: the default location); ignored when <see cref="NoCache"/>.</summary>
    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }
}
