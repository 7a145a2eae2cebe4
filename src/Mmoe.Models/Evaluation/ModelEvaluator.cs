using Mmoe.Detection;
using Mmoe.Evaluation;
using Mmoe.Fusion;
using Mmoe.Interactions;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>Scores a <see cref="LinearMmoeModel"/> on labeled posts, in the shape of <see cref="ReferenceReproduction"/>'s report.</summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Evaluates on <paramref name="items"/>. Interaction types come from <paramref name="subsets"/> when given (the
    /// categorizer's or the released split files'), else from <paramref name="predictions"/> (the released unimodal
    /// labels), else from the model's own unimodal judges; the unimodal-augmented row reads the released labels when
    /// given and the model's judges otherwise.
    /// </summary>
    public static ModelEvaluation Evaluate(
        LinearMmoeModel model,
        string dataset,
        string split,
        IReadOnlyList<LabeledPost> items,
        UnimodalPredictionSet? predictions,
        ReferenceSubsets? subsets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("Nothing to evaluate: the split is empty.", nameof(items));
        }

        var ids = items.Select(item => item.Id).ToList();
        var targets = items.ToDictionary(item => item.Id, item => item.Label, StringComparer.Ordinal);
        // One featurizer batch: encoder-based featurizers (onnx-clip) then run their models once, as detect does.
        var batch = model.ScoreBatchAsync(items.Select(item => item.Post).ToList()).GetAwaiter().GetResult();
        var scores = ids.Select((id, i) => (id, batch[i])).ToDictionary(pair => pair.id, pair => pair.Item2, StringComparer.Ordinal);
        var warnings = new List<string>();
        var omitted = new List<string>();

        (subsets, var unimodal) = InteractionLabels.Resolve(
            items, predictions, subsets, id => scores[id].Unimodal, "No released unimodal predictions: interaction types come from the model's own unimodal judges.", warnings);
        var inputs = ids.ToDictionary(
            id => id,
            id => new FusionInput
            {
                Redundancy = scores[id].Redundancy,
                Uniqueness = scores[id].Uniqueness,
                Synergy = scores[id].Synergy,
                RouterLogits = scores[id].Router,
                TrueInteraction = subsets.Assignments.TryGetValue(id, out var type) ? type : null,
                Unimodal = unimodal.For(id),
            },
            StringComparer.Ordinal);

        // The detector's own decision: rus fusion at the model's decision threshold, after its temperature.
        var verdicts = ids.ToDictionary(
            id => id, id => MmoeVerdict.Create(scores[id], model.Info, null, id, model.DecisionThreshold, model.Temperature), StringComparer.Ordinal);
        // The baseline at its own validation-chosen threshold when training chose one (argmax otherwise), so the two compare on equal terms.
        bool BaselineSays(string id) => model.Manifest.BaselineThreshold is { } t
            ? scores[id].Baseline!.Value.PositiveProbability() >= t
            : scores[id].Baseline!.Value.ArgMax() == 1;
        var strategies = new List<StrategyMetrics>
        {
            new("baseline", FusionScoring.Score(ids, targets, BaselineSays)),
            new("rus", FusionScoring.Score(ids, targets, id => verdicts[id].IsSarcastic)),
        };
        strategies.AddRange(FusionScoring.ScoreStrategies(ids, targets, inputs, FusionStrategies.Comparison(includeUnimodalAugmented: true), warnings, omitted));

        var perInteraction = InteractionTypes.All
            .Select(type => FusionScoring.Breakdown(
                type, subsets.Subset(type, ids), ids, targets, id => inputs[id].Expert(type), id => scores[id].Baseline!.Value))
            .ToList();

        var routing = InteractionLabels.Routing(ids, subsets, id => scores[id].Router.ArgMax());
        var truth = ids.Select(id => targets[id]).ToList();
        var rusProbability = ids.Select(id => verdicts[id].Probability).ToList();
        var rawProbability = ids.Select(id => RusFusion.Mix(scores[id].Router.Softmax(), inputs[id]).Positive).ToList();
        var rusSays = ids.Select(id => verdicts[id].IsSarcastic).ToList();
        var baselineSays = ids.Select(BaselineSays).ToList();
        var captioned = items.Where(item => !string.IsNullOrWhiteSpace(item.Post.Caption)).Select(item => item.Id).ToList();
        return new ModelEvaluation
        {
            Report = new ReproductionReport
            {
                Dataset = dataset,
                Model = $"{model.Info.Id} {model.Info.Version}",
                Split = split,
                Count = ids.Count,
                Strategies = strategies,
                PerInteraction = perInteraction,
                Subsets = subsets,
                Omitted = omitted,
                Warnings = warnings,
            },
            RouterAccuracy = routing.Accuracy,
            RusAuc = RankingAuc.Compute(truth, rusProbability),
            BaselineAuc = RankingAuc.Compute(
                ids.Select(id => targets[id]).ToList(), ids.Select(id => scores[id].Baseline!.Value.PositiveProbability()).ToList()),
            AlwaysPositive = FusionScoring.Score(ids, targets, _ => true),
            TextOnly = FusionScoring.Score(ids, targets, id => scores[id].Unimodal.TextOnly >= 0.5),
            ImageOnly = captioned.Count == 0 ? null : FusionScoring.Score(captioned, targets, id => scores[id].Unimodal.ImageOnly >= 0.5),
            Ece = ProbabilityMetrics.ExpectedCalibrationError(truth, rusProbability),
            EceBeforeTemperature = ProbabilityMetrics.ExpectedCalibrationError(truth, rawProbability),
            RouterMajorityAccuracy = routing.MajorityAccuracy,
            MajorityInteraction = routing.Majority,
            RusMinusBaselineF1 = BootstrapInterval.Compute(
                ids.Count, rows => BootstrapInterval.F1(truth, rusSays, rows) - BootstrapInterval.F1(truth, baselineSays, rows)),
            RusF1 = BootstrapInterval.Compute(ids.Count, rows => BootstrapInterval.F1(truth, rusSays, rows)),
        };
    }
}
