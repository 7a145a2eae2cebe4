namespace Mmoe.Cli.Featurizers;

/// <summary>What the command line asked for: a featurizer name, the CLIP folder for onnx-clip, and a folder of post images.</summary>
internal sealed record FeaturizerSelection(string Name, string? ClipDirectory = null, string? ImagesDirectory = null);
