using Mmoe.Models.Evaluation;
using Mmoe.Reference;

namespace Mmoe.Training;

/// <summary>What a model is trained on: the train split, the validation split for early stopping, and optionally the released unimodal labels.</summary>
public sealed record TrainingSet
{
    public required string Name { get; init; }

    public required IReadOnlyList<LabeledPost> Train { get; init; }

    public required IReadOnlyList<LabeledPost> Validation { get; init; }

    /// <summary>Image-only and text-only labels that sort items into interaction types; null means the model's own judges decide (out of fold).</summary>
    public UnimodalPredictionSet? UnimodalPredictions { get; init; }

    public required string Fingerprint { get; init; }

    /// <summary>The train and val splits of a reference dataset; its test split is never seen.</summary>
    public static TrainingSet From(ReferenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new TrainingSet
        {
            Name = dataset.Name,
            Train = dataset.Train,
            Validation = dataset.Validation,
            UnimodalPredictions = dataset.UnimodalPredictions,
            Fingerprint = ReferenceDataset.FingerprintOf(("train", dataset.Train), ("val", dataset.Validation)),
        };
    }
}
