using Mmoe.Evaluation;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>
/// A trained model's scores on one split: the same report <c>mmoe reproduce</c> prints (baseline, every fusion
/// strategy, per interaction), plus what only a trained model has: how well the router predicts the interaction type,
/// the unimodal judges, and the trivial always-positive answer to beat.
/// </summary>
public sealed record ModelEvaluation
{
    public required ReproductionReport Report { get; init; }

    /// <summary>Share of items whose router argmax equals their interaction type; null when no item has a type.</summary>
    public required double? RouterAccuracy { get; init; }

    /// <summary>Ranking AUC of the detector's fused (<c>rus</c>) probability; null when the split holds one class only.</summary>
    public double? RusAuc { get; init; }

    /// <summary>Ranking AUC of the baseline's probability.</summary>
    public double? BaselineAuc { get; init; }

    /// <summary>Answering "positive" for every item.</summary>
    public required BinaryMetrics AlwaysPositive { get; init; }

    /// <summary>The text judge; null when the model reports no text-only evidence (LoRA experts have no text judge).</summary>
    public required BinaryMetrics? TextOnly { get; init; }

    /// <summary>The image (caption) judge, on the items that have a caption; null when none has.</summary>
    public required BinaryMetrics? ImageOnly { get; init; }

    /// <summary>Expected calibration error (10 bins) of the fused probability as reported (after the model's temperature).</summary>
    public required double Ece { get; init; }

    /// <summary>The same before the temperature (the plain mixture of the experts' probabilities); null when only the reported probability is known.</summary>
    public required double? EceBeforeTemperature { get; init; }

    /// <summary>Share of typed items in the most common interaction type: the router accuracy of always guessing it.</summary>
    public required double? RouterMajorityAccuracy { get; init; }

    /// <summary>The most common interaction type among typed items (what a constant router would guess).</summary>
    public required InteractionType? MajorityInteraction { get; init; }

    /// <summary>Paired bootstrap (1,000 resamples, fixed seed) of F1(rus) − F1(baseline) on these items; null when the model has no baseline.</summary>
    public required BootstrapInterval? RusMinusBaselineF1 { get; init; }

    /// <summary>Bootstrap interval of the rus F1 itself.</summary>
    public required BootstrapInterval RusF1 { get; init; }

    /// <summary>What this kind of model cannot report and why, one sentence each (empty for linear MMoE models, which report everything).</summary>
    public IReadOnlyList<string> NotReported { get; init; } = [];
}
