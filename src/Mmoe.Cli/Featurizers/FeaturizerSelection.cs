namespace Mmoe.Cli.Featurizers;

/// <summary>
/// What the command line asked for: a featurizer name (null: hashed-ngrams for training, the model's own for a
/// trained model), the CLIP folder for onnx-clip, and a folder of post images.
/// </summary>
internal sealed record FeaturizerSelection(string? Name, string? ClipDirectory = null, string? ImagesDirectory = null);
