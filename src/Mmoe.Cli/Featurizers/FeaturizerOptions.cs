using System.CommandLine;
using Mmoe.Features;
using Mmoe.LlamaSharp.Features;
using Mmoe.MiniLM;
using Mmoe.Onnx;

namespace Mmoe.Cli.Featurizers;

/// <summary>
/// <c>--featurizer</c>, <c>--clip</c>, <c>--images</c> and the Qwen2 options (<c>--gguf</c>, <c>--prompt</c>,
/// <c>--pooling</c>, <c>--gpu-layers</c>, <c>--threads</c>, <c>--native-lib</c>, <c>--feature-cache</c>,
/// <c>--no-feature-cache</c>), shared by the commands that featurize posts or load models.
/// </summary>
internal sealed class FeaturizerOptions
{
    public Option<string> Featurizer { get; } = new("--featurizer")
    {
        Description = $"Features the model reads: {HashedNgramFeaturizer.FeaturizerName} (built in, no download), {MiniLmFeaturizer.FeaturizerName} (all-MiniLM-L6-v2 sentence embeddings, shipped in the tool), {FeaturizerFactory.NgramsAndMiniLm} (both side by side: the default model's), {OnnxClipFeaturizer.FeaturizerName} (a CLIP exported to ONNX; needs --clip) or {QwenHiddenStateFeaturizer.FeaturizerName} (alias qwen: Qwen2 hidden states; needs --gguf). A trained model's own featurizer is used when this is left out.",
    };

    public Option<DirectoryInfo?> Clip { get; } = new("--clip")
    {
        Description = "Folder of the CLIP export for --featurizer onnx-clip: vision_model.onnx, text_model.onnx, preprocessor_config.json, vocab.json, merges.txt (see the README's 'ONNX backend').",
    };

    public Option<DirectoryInfo?> Images { get; } = new("--images")
    {
        Description = "Folder of post images named <post id>.jpg (or .jpeg, .png, .webp, .gif, .bmp); posts without a file have no image.",
    };

    public Option<string?> Gguf { get; } = new("--gguf")
    {
        Description = "The Qwen2 GGUF (or its folder): to train --featurizer qwen, and for Qwen models whose GGUF is not beside the model folder (else MMOE_GGUF). Checked against the SHA-256 the model records.",
    };

    public Option<string?> Prompt { get; } = new("--prompt")
    {
        Description = "qwen: the reference prompt the hidden states are read from: mustard, mmsd or funny (default: the dataset's, else mustard).",
    };

    public Option<string> Pooling { get; } = new("--pooling")
    {
        Description = "qwen: feature vector = the last prompt token's hidden state (last) or the mean over all tokens (mean).",
        DefaultValueFactory = _ => "last",
    };

    public Option<int> GpuLayers { get; } = new("--gpu-layers") { Description = "qwen: layers to offload to the GPU (CUDA build); 0 = CPU only." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "qwen: CPU threads per decode (llama.cpp's default when left out); minilm: ONNX Runtime threads per encoder call (1 when left out, so the same machine gives the same floats)." };

    public Option<string?> NativeLibrary { get; } = new("--native-lib") { Description = "qwen: path of your own llama.cpp shared library (libllama.so) or its folder." };

    public Option<DirectoryInfo?> FeatureCache { get; } = new("--feature-cache")
    {
        Description = $"Folder of the feature cache (default: ${FeatureCacheOptions.DirectoryVariable}, else ~/.cache/mmoe/features; 2 GiB at most, least recently used entries go first).",
    };

    public Option<bool> NoFeatureCache { get; } = new("--no-feature-cache") { Description = "Compute every feature vector, reading and writing no cache." };

    public FeaturizerOptions()
    {
        Featurizer.AcceptOnlyFromAmong([.. FeaturizerFactory.Names, FeaturizerFactory.QwenAlias]);
        Pooling.AcceptOnlyFromAmong("last", "mean");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Featurizer, Clip, Images, Gguf, Prompt, Pooling, GpuLayers, Threads, NativeLibrary, FeatureCache, NoFeatureCache })
        {
            command.Options.Add(option);
        }
    }

    public FeaturizerSelection Read(ParseResult parse) =>
        new(FeaturizerFactory.Canonical(parse.GetValue(Featurizer)), parse.GetValue(Clip)?.FullName, parse.GetValue(Images)?.FullName)
        {
            GgufPath = parse.GetValue(Gguf) is { } gguf ? Path.GetFullPath(gguf) : null,
            Prompt = parse.GetValue(Prompt),
            Pooling = parse.GetValue(Pooling),
            GpuLayers = parse.GetValue(GpuLayers),
            Threads = parse.GetValue(Threads),
            NativeLibrary = parse.GetValue(NativeLibrary),
            CacheDirectory = parse.GetValue(FeatureCache)?.FullName,
            NoCache = parse.GetValue(NoFeatureCache),
        };
}
