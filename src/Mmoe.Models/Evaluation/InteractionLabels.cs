using Mmoe.Detection;
using Mmoe.Interactions;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>
/// What both evaluators need to know about the posts' interaction types: the subsets (released, or categorized from
/// unimodal predictions), and how a router's choices compare with them and with always answering the majority type.
/// </summary>
internal static class InteractionLabels
{
    /// <summary>
    /// The given subsets, or subsets categorized from <paramref name="predictions"/> (or, without those, from the
    /// model's own unimodal <paramref name="evidence"/>); their warnings are added to <paramref name="warnings"/>.
    /// </summary>
    public static (ReferenceSubsets Subsets, UnimodalPredictionSet Unimodal) Resolve(
        IReadOnlyList<LabeledPost> items,
        UnimodalPredictionSet? predictions,
        ReferenceSubsets? subsets,
        Func<string, UnimodalEvidence> evidence,
        string ownEvidenceWarning,
        List<string> warnings)
    {
        var unimodal = predictions ?? FromEvidence(items, evidence);
        if (subsets is null)
        {
            if (predictions is null)
            {
                warnings.Add(ownEvidenceWarning);
            }

            var labeled = items.Select(item => new LabeledItem(item.Id, item.Label)).ToList();
            subsets = ReferenceSubsets.FromCategorizer(labeled, unimodal.ImageOnly, unimodal.TextOnly, new Dictionary<InteractionType, IReadOnlyList<string>>());
        }

        warnings.AddRange(subsets.Warnings);
        return (subsets, unimodal);
    }

    /// <summary>Router accuracy on the posts with a known type, and the accuracy of always answering the most common type.</summary>
    public static (double? Accuracy, double? MajorityAccuracy, InteractionType? Majority) Routing(
        IReadOnlyList<string> ids, ReferenceSubsets subsets, Func<string, InteractionType> routed)
    {
        var typed = ids.Where(id => subsets.Assignments.ContainsKey(id)).ToList();
        if (typed.Count == 0)
        {
            return (null, null, null);
        }

        var majority = typed.GroupBy(id => subsets.Assignments[id]).OrderByDescending(group => group.Count()).ThenBy(group => group.Key).First().Key;
        return (
            (double)typed.Count(id => routed(id) == subsets.Assignments[id]) / typed.Count,
            (double)typed.Count(id => subsets.Assignments[id] == majority) / typed.Count,
            majority);
    }

    /// <summary>Unimodal evidence as a prediction set (posts without evidence have no prediction).</summary>
    private static UnimodalPredictionSet FromEvidence(IReadOnlyList<LabeledPost> items, Func<string, UnimodalEvidence> evidenceOf)
    {
        var image = new Dictionary<string, UnimodalPrediction>(StringComparer.Ordinal);
        var text = new Dictionary<string, UnimodalPrediction>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var evidence = evidenceOf(item.Id);
            if (evidence.TextOnly is { } t)
            {
                text[item.Id] = new UnimodalPrediction(item.Id, t >= 0.5, t, 1 - t);
            }

            if (evidence.ImageOnly is { } i)
            {
                image[item.Id] = new UnimodalPrediction(item.Id, i >= 0.5, i, 1 - i);
            }
        }

        return new UnimodalPredictionSet(image, text);
    }
}
