using Mmoe.Detection;
using Mmoe.Evaluation;
using Mmoe.Fusion;
using Mmoe.Interactions;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>
/// Scores any <see cref="IMmoeDetector"/> (a LoRA-expert folder, another backend) on labeled posts through its
/// verdicts alone, in the shape of <see cref="ModelEvaluator"/>'s report. The <c>rus</c> row is the detector's own
/// decision; the other rows are rebuilt from what each verdict carries: the experts' probabilities (as logits
/// log(1 − p), log p, whose softmax and argmax are the experts' own) and the router's weights. What needs more than
/// that is listed in <see cref="ModelEvaluation.NotReported"/> instead of being approximated: the <c>average</c> and
/// <c>max</c> fusions (they combine raw logits, which a probability does not determine), the baseline when the detector
/// has none, the unimodal judges when it reports no unimodal evidence, and the ECE before a temperature.
/// </summary>
public static class DetectorEvaluator
{
    private static readonly string[] RawLogitStrategies = ["average", "max"];

    /// <summary>Detects the posts in batches of <paramref name="batchSize"/> (reporting the posts done) and scores the verdicts.</summary>
    public static async Task<ModelEvaluation> EvaluateAsync(
        IMmoeDetector detector,
        string dataset,
        string split,
        IReadOnlyList<LabeledPost> items,
        UnimodalPredictionSet? predictions,
        ReferenceSubsets? subsets = null,
        IProgress<int>? progress = null,
        int batchSize = 32,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (items.Count == 0)
        {
            throw new ArgumentException("Nothing to evaluate: the split is empty.", nameof(items));
        }

        var verdicts = new List<MmoeVerdict>(items.Count);
        for (var start = 0; start < items.Count; start += batchSize)
        {
            var batch = items.Skip(start).Take(batchSize).Select(item => item.Post).ToList();
            var judged = await detector.DetectBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            if (judged.Count != batch.Count)
            {
                throw new InvalidOperationException($"The detector returned {judged.Count} verdicts for {batch.Count} posts.");
            }

            verdicts.AddRange(judged);
            progress?.Report(verdicts.Count);
        }

        return Evaluate(detector.Model, dataset, split, items, verdicts, predictions, subsets);
    }

    /// <summary>Scores verdicts already made (<paramref name="verdicts"/>[i] judges <paramref name="items"/>[i]).</summary>
    public static ModelEvaluation Evaluate(
        ModelInfo model,
        string dataset,
        string split,
        IReadOnlyList<LabeledPost> items,
        IReadOnlyList<MmoeVerdict> verdicts,
        UnimodalPredictionSet? predictions,
        ReferenceSubsets? subsets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(verdicts);
        if (items.Count == 0 || verdicts.Count != items.Count)
        {
            throw new ArgumentException($"Need one verdict per item ({verdicts.Count} verdicts, {items.Count} items).", nameof(verdicts));
        }

        var ids = items.Select(item => item.Id).ToList();
        var targets = items.ToDictionary(item => item.Id, item => item.Label, StringComparer.Ordinal);
        var byId = ids.Select((id, i) => (id, verdicts[i])).ToDictionary(pair => pair.id, pair => pair.Item2, StringComparer.Ordinal);
        var warnings = new List<string>();
        var omitted = new List<string>();
        var notReported = new List<string>();

        (subsets, var unimodal) = InteractionLabels.Resolve(
            items, predictions, subsets, id => byId[id].Unimodal, "No released unimodal predictions: interaction types come from the detector's own unimodal evidence, where it reports any.", warnings);
        var inputs = ids.ToDictionary(
            id => id,
            id => new FusionInput
            {
                Redundancy = Logits(byId[id].Experts.Redundancy),
                Uniqueness = Logits(byId[id].Experts.Uniqueness),
                Synergy = Logits(byId[id].Experts.Synergy),
                RouterLogits = RouterLogits(byId[id].InteractionWeights),
                TrueInteraction = subsets.Assignments.TryGetValue(id, out var type) ? type : null,
                Unimodal = unimodal.For(id),
            },
            StringComparer.Ordinal);

        var hasBaseline = verdicts.All(verdict => verdict.Experts.Baseline is not null);
        Func<string, BinaryLogits>? baseline = hasBaseline ? id => Logits(byId[id].Experts.Baseline!.Value) : null;
        var strategies = new List<StrategyMetrics>();
        if (baseline is not null)
        {
            strategies.Add(new StrategyMetrics("baseline", FusionScoring.Score(ids, targets, id => baseline(id).ArgMax() == 1)));
        }
        else
        {
            notReported.Add("baseline: the model has no baseline expert (a LoRA folder without baseline.gguf), so there is no baseline row, baseline AUC or rus − baseline interval.");
        }

        strategies.Add(new StrategyMetrics("rus", FusionScoring.Score(ids, targets, id => byId[id].IsSarcastic)));
        var comparison = FusionStrategies.Comparison(includeUnimodalAugmented: true).Where(strategy => !RawLogitStrategies.Contains(strategy.Name)).ToList();
        strategies.AddRange(FusionScoring.ScoreStrategies(ids, targets, inputs, comparison, warnings, omitted));
        notReported.Add($"{string.Join(" and ", RawLogitStrategies)} fusion: they combine the experts' raw logits, and a verdict carries each expert's probability only.");

        var perInteraction = InteractionTypes.All
            .Select(type => FusionScoring.Breakdown(type, subsets.Subset(type, ids), ids, targets, id => inputs[id].Expert(type), baseline))
            .ToList();

        var routing = InteractionLabels.Routing(ids, subsets, id => byId[id].DrivingInteraction);
        var truth = ids.Select(id => targets[id]).ToList();
        var probability = ids.Select(id => byId[id].Probability).ToList();
        var rusSays = ids.Select(id => byId[id].IsSarcastic).ToList();
        var baselineSays = baseline is null ? null : ids.Select(id => baseline(id).ArgMax() == 1).ToList();

        var textJudged = ids.Where(id => byId[id].Unimodal.TextOnly is not null).ToList();
        if (textJudged.Count == 0)
        {
            notReported.Add("text-only judge: the detector reports no text-only evidence.");
        }

        var imageJudged = items.Where(item => !string.IsNullOrWhiteSpace(item.Post.Caption) && byId[item.Id].Unimodal.ImageOnly is not null).Select(item => item.Id).ToList();
        notReported.Add("ECE before temperature: a verdict carries only the probability the detector reports.");
        return new ModelEvaluation
        {
            Report = new ReproductionReport
            {
                Dataset = dataset,
                Model = $"{model.Id} {model.Version}",
                Split = split,
                Count = ids.Count,
                Strategies = strategies,
                PerInteraction = perInteraction,
                Subsets = subsets,
                Omitted = omitted,
                Warnings = warnings,
            },
            RouterAccuracy = routing.Accuracy,
            RusAuc = RankingAuc.Compute(truth, probability),
            BaselineAuc = baseline is null ? null : RankingAuc.Compute(truth, ids.Select(id => byId[id].Experts.Baseline!.Value).ToList()),
            AlwaysPositive = FusionScoring.Score(ids, targets, _ => true),
            TextOnly = textJudged.Count == 0 ? null : FusionScoring.Score(textJudged, targets, id => byId[id].Unimodal.TextOnly >= 0.5),
            ImageOnly = imageJudged.Count == 0 ? null : FusionScoring.Score(imageJudged, targets, id => byId[id].Unimodal.ImageOnly >= 0.5),
            Ece = ProbabilityMetrics.ExpectedCalibrationError(truth, probability),
            EceBeforeTemperature = null,
            RouterMajorityAccuracy = routing.MajorityAccuracy,
            MajorityInteraction = routing.Majority,
            RusMinusBaselineF1 = baselineSays is null
                ? null
                : BootstrapInterval.Compute(ids.Count, rows => BootstrapInterval.F1(truth, rusSays, rows) - BootstrapInterval.F1(truth, baselineSays, rows)),
            RusF1 = BootstrapInterval.Compute(ids.Count, rows => BootstrapInterval.F1(truth, rusSays, rows)),
            NotReported = notReported,
        };
    }

    /// <summary>
    /// Logits whose softmax is <paramref name="probability"/> (and whose argmax is positive exactly when it exceeds
    /// 0.5). Clamped away from 0 and 1 so a certain expert gives finite logits.
    /// </summary>
    internal static BinaryLogits Logits(double probability)
    {
        var p = Math.Clamp(probability, 1e-300, 1 - 1e-16);
        return new BinaryLogits(Math.Log(1 - p), Math.Log(p));
    }

    /// <summary>Router logits whose softmax gives back the weights (softmax is unchanged by the constant log-sum it drops).</summary>
    private static InteractionScores RouterLogits(InteractionWeights weights) =>
        new(Math.Log(Math.Max(weights.Redundancy, 1e-300)), Math.Log(Math.Max(weights.Uniqueness, 1e-300)), Math.Log(Math.Max(weights.Synergy, 1e-300)));
}
