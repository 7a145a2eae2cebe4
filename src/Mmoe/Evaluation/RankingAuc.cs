namespace Mmoe.Evaluation;

/// <summary>
/// Area under the ROC curve of a score: the chance that a random positive item scores above a random negative one
/// (ties count half). 0.5 is what a constant answer gets; null when either class is absent.
/// </summary>
public static class RankingAuc
{
    public static double? Compute(IReadOnlyList<bool> targets, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scores);
        if (targets.Count != scores.Count)
        {
            throw new ArgumentException($"{targets.Count} targets but {scores.Count} scores.", nameof(scores));
        }

        var positives = targets.Count(t => t);
        var negatives = targets.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        // Mann–Whitney U from mid-ranks: sort once, give tied scores their average rank.
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var rankSumOfPositives = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var midRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (targets[order[k]])
                {
                    rankSumOfPositives += midRank;
                }
            }

            start = end + 1;
        }

        return (rankSumOfPositives - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
