using Mmoe.Fusion;

namespace Mmoe.Reference;

/// <summary>Both unimodal prediction files of a dataset: image-only (y1) and text-only (y2).</summary>
public sealed record UnimodalPredictionSet(
    IReadOnlyDictionary<string, UnimodalPrediction> ImageOnly,
    IReadOnlyDictionary<string, UnimodalPrediction> TextOnly)
{
    /// <summary>Both predictions for <paramref name="id"/>, or null when either file lacks it.</summary>
    public UnimodalLabels? For(string id) =>
        ImageOnly.TryGetValue(id, out var image) && TextOnly.TryGetValue(id, out var text)
            ? new UnimodalLabels(image.Prediction, text.Prediction)
            : null;

    /// <summary>Loads both files, or returns null when either is absent.</summary>
    public static async Task<UnimodalPredictionSet?> TryLoadAsync(ReferenceLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!File.Exists(layout.ImageOnlyPredictionsFile) || !File.Exists(layout.TextOnlyPredictionsFile))
        {
            return null;
        }

        return new UnimodalPredictionSet(
            await ReferenceReaders.ReadUnimodalPredictionsAsync(layout.ImageOnlyPredictionsFile, cancellationToken).ConfigureAwait(false),
            await ReferenceReaders.ReadUnimodalPredictionsAsync(layout.TextOnlyPredictionsFile, cancellationToken).ConfigureAwait(false));
    }
}
