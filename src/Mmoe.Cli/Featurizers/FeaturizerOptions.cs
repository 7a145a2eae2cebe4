using System.CommandLine;
using Mmoe.Features;
using Mmoe.Onnx;

namespace Mmoe.Cli.Featurizers;

/// <summary><c>--featurizer</c>, <c>--clip</c> and <c>--images</c>, shared by the commands that featurize posts.</summary>
internal sealed class FeaturizerOptions
{
    public Option<string> Featurizer { get; } = new("--featurizer")
    {
        Description = $"Features the model reads: {HashedNgramFeaturizer.FeaturizerName} (built in, no download) or {OnnxClipFeaturizer.FeaturizerName} (a CLIP exported to ONNX; needs --clip). A trained model's own featurizer is used when this is left out.",
    };

    public Option<DirectoryInfo?> Clip { get; } = new("--clip")
    {
        Description = "Folder of the CLIP export for --featurizer onnx-clip: vision_model.onnx, text_model.onnx, preprocessor_config.json, vocab.json, merges.txt (see the README's 'ONNX backend').",
    };

    public Option<DirectoryInfo?> Images { get; } = new("--images")
    {
        Description = "Folder of post images named <post id>.jpg (or .jpeg, .png, .webp, .gif, .bmp); posts without a file have no image.",
    };

    public FeaturizerOptions()
    {
        Featurizer.AcceptOnlyFromAmong(FeaturizerFactory.Names.ToArray());
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Featurizer);
        command.Options.Add(Clip);
        command.Options.Add(Images);
    }

    public FeaturizerSelection Read(ParseResult parse) =>
        new(parse.GetValue(Featurizer), parse.GetValue(Clip)?.FullName, parse.GetValue(Images)?.FullName);
}
