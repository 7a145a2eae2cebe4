using Mmoe.Models.Evaluation;
using Mmoe.Reference;

namespace Mmoe.Training;

/// <summary>
/// What a model is trained on: the train split, the validation split for early stopping, the interaction subsets of
/// both when the data tells them, and the unimodal labels when both files exist.
/// </summary>
public sealed record TrainingSet
{
    public required string Name { get; init; }

    /// <summary>What the labels mean; written into the model's manifest and every verdict.</summary>
    public DetectionTask Task { get; init; } = DetectionTask.Sarcasm;

    public required IReadOnlyList<LabeledPost> Train { get; init; }

    public required IReadOnlyList<LabeledPost> Validation { get; init; }

    /// <summary>Image-only and text-only labels (for the unimodal-augmented row of the validation report), or null.</summary>
    public UnimodalPredictionSet? UnimodalPredictions { get; init; }

    /// <summary>
    /// Interaction types of the train and validation items (from the categorizer or the released split files); null
    /// means the model's own judges decide (out of fold on train).
    /// </summary>
    public ReferenceSubsets? TrainSubsets { get; init; }

    /// <inheritdoc cref="TrainSubsets"/>
    public ReferenceSubsets? ValidationSubsets { get; init; }

    public required string Fingerprint { get; init; }

    /// <summary>Where the captions came from when a captions file supplied them (<see cref="ReferenceDataset.CaptionSource"/>); recorded in the manifest.</summary>
    public System.Text.Json.Nodes.JsonObject? CaptionSource { get; init; }

    /// <summary>The train and val splits of a dataset; its test split is never seen.</summary>
    public static TrainingSet From(ReferenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var train = dataset.SubsetsOf("train");
        var validation = dataset.SubsetsOf("val");
        var both = train is not null && validation is not null;
        return new TrainingSet
        {
            Name = dataset.Name,
            Task = dataset.Task,
            Train = dataset.Train,
            Validation = dataset.Validation,
            UnimodalPredictions = dataset.UnimodalPredictions,
            TrainSubsets = both ? train : null,
            ValidationSubsets = both ? validation : null,
            Fingerprint = ReferenceDataset.FingerprintOf(("train", dataset.Train), ("val", dataset.Validation)),
            CaptionSource = dataset.CaptionSource,
        };
    }
}
