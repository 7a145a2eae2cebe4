using Mmoe.Evaluation;
using Mmoe.Fusion;
using Mmoe.Interactions;

namespace Mmoe.Reference;

/// <summary>
/// Recomputes the reference fusion script's numbers from released expert logits: the baseline, every fusion
/// strategy the files allow, the oracle, the unimodal-augmented prediction and the per-interaction rows.
/// </summary>
public static class ReferenceReproduction
{
    private const string BaselineExpert = "baseline";

    public static async Task<ReproductionReport> RunAsync(
        ReferenceLayout layout, string model, string split = "test", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!Directory.Exists(layout.ExpertDirectory(model)))
        {
            throw new DirectoryNotFoundException(
                $"No expert outputs for model '{model}': {layout.ExpertDirectory(model)} does not exist. " +
                $"Models with outputs: {string.Join(", ", layout.Models())}.");
        }

        var omitted = new List<string>();
        var warnings = new List<string>();

        var experts = new Dictionary<InteractionType, IReadOnlyDictionary<string, ExpertLogitsRecord>>();
        foreach (var type in InteractionTypes.All)
        {
            var file = layout.ExpertLogitsFile(model, type.ReferenceCode());
            if (File.Exists(file))
            {
                experts[type] = ById(await ReferenceReaders.ReadExpertLogitsAsync(file, cancellationToken).ConfigureAwait(false), warnings);
            }
            else
            {
                omitted.Add($"{type.Letter()} expert: no {Path.GetFileName(file)}.");
            }
        }

        IReadOnlyDictionary<string, ExpertLogitsRecord>? baseline = null;
        var baselineFile = layout.ExpertLogitsFile(model, BaselineExpert);
        if (File.Exists(baselineFile))
        {
            baseline = ById(await ReferenceReaders.ReadExpertLogitsAsync(baselineFile, cancellationToken).ConfigureAwait(false), warnings);
        }
        else
        {
            omitted.Add($"baseline (and the baseline-on-subset rows): no {Path.GetFileName(baselineFile)}.");
        }

        var sources = experts.Select(pair => (File: layout.ExpertLogitsFile(model, pair.Key.ReferenceCode()), Records: pair.Value)).ToList();
        if (baseline is not null)
        {
            sources.Add((baselineFile, baseline));
        }

        if (sources.Count == 0)
        {
            throw new FileNotFoundException($"No expert logits files in {layout.ExpertDirectory(model)} (expected {layout.Dataset}_<R|U|AS|baseline>_logits.jsonl).");
        }

        var (ids, targets) = CheckSameItems(sources);
        var labels = await LabelsAsync(layout, split, ids, targets, warnings, cancellationToken).ConfigureAwait(false);
        var predictions = await UnimodalPredictionSet.TryLoadAsync(layout, cancellationToken).ConfigureAwait(false);
        var subsets = await ReferenceSubsets.LoadAsync(
            layout, split, ids.Select(id => new LabeledItem(id, labels[id])).ToList(), predictions, cancellationToken).ConfigureAwait(false);
        warnings.AddRange(subsets.Warnings);

        var strategies = new List<StrategyMetrics>();
        if (baseline is not null)
        {
            strategies.Add(new StrategyMetrics(BaselineExpert, FusionScoring.Score(ids, targets, id => baseline[id].Logits.ArgMax() == 1)));
        }

        if (experts.Count == InteractionTypes.All.Count)
        {
            var router = await RouterLogitsAsync(layout, model, ids, omitted, cancellationToken).ConfigureAwait(false);
            if (predictions is null)
            {
                omitted.Add("unimodal_augmented: it needs both unimodal prediction files (image-only and text-only), and this dataset lacks one.");
            }

            var inputs = ids.ToDictionary(
                id => id,
                id => new FusionInput
                {
                    Redundancy = experts[InteractionType.Redundancy][id].Logits,
                    Uniqueness = experts[InteractionType.Uniqueness][id].Logits,
                    Synergy = experts[InteractionType.Synergy][id].Logits,
                    RouterLogits = router?[id],
                    TrueInteraction = subsets.Assignments.TryGetValue(id, out var type) ? type : null,
                    Unimodal = predictions?.For(id),
                },
                StringComparer.Ordinal);

            // Strategies whose input files are absent were already named in 'omitted' above.
            var candidates = new List<IFusionStrategy>();
            if (router is not null)
            {
                candidates.Add(new RusFusion());
            }

            candidates.AddRange(FusionStrategies.Comparison(includeUnimodalAugmented: predictions is not null));
            strategies.AddRange(FusionScoring.ScoreStrategies(ids, targets, inputs, candidates, warnings, omitted));
        }
        else
        {
            omitted.Add("every fusion strategy: it needs all three experts (R, U, AS).");
        }

        var perInteraction = experts
            .Select(pair => FusionScoring.Breakdown(
                pair.Key,
                subsets.Subset(pair.Key, ids),
                ids,
                targets,
                id => pair.Value[id].Logits,
                baseline is null ? null : id => baseline[id].Logits))
            .ToList();

        return new ReproductionReport
        {
            Dataset = layout.Dataset,
            Model = model,
            Split = split,
            Count = ids.Count,
            Strategies = strategies,
            PerInteraction = perInteraction,
            Subsets = subsets,
            Omitted = omitted,
            Warnings = warnings,
        };
    }

    private static IReadOnlyDictionary<string, ExpertLogitsRecord> ById(ExpertLogitsFile file, List<string> warnings)
    {
        warnings.AddRange(file.Warnings());
        return file.Records.ToDictionary(record => record.Id, StringComparer.Ordinal);
    }

    /// <summary>The reference asserts that every expert file scores the same items with the same targets; so do we, with the details.</summary>
    private static (IReadOnlyList<string> Ids, IReadOnlyDictionary<string, bool> Targets) CheckSameItems(
        IReadOnlyList<(string File, IReadOnlyDictionary<string, ExpertLogitsRecord> Records)> sources)
    {
        var (firstFile, first) = sources[0];
        foreach (var (file, records) in sources.Skip(1))
        {
            var missing = first.Keys.Where(id => !records.ContainsKey(id)).ToList();
            var extra = records.Keys.Where(id => !first.ContainsKey(id)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new ReferenceFormatException(file, "whole file",
                    $"its items differ from {Path.GetFileName(firstFile)}'s: {missing.Count} missing (e.g. {string.Join(", ", missing.Take(3))}), " +
                    $"{extra.Count} extra (e.g. {string.Join(", ", extra.Take(3))}).");
            }

            var conflicting = first.Keys.FirstOrDefault(id => first[id].Target != records[id].Target);
            if (conflicting is not null)
            {
                throw new ReferenceFormatException(file, $"item '{conflicting}'",
                    $"target {records[conflicting].Target} disagrees with {Path.GetFileName(firstFile)} ({first[conflicting].Target}).");
            }
        }

        return (first.Keys.ToList(), first.ToDictionary(pair => pair.Key, pair => pair.Value.Target, StringComparer.Ordinal));
    }

    /// <summary>The categorizer's labels come from the dataset file, as in the reference's split script; the logits' targets stand in when it is absent.</summary>
    private static async Task<IReadOnlyDictionary<string, bool>> LabelsAsync(
        ReferenceLayout layout, string split, IReadOnlyList<string> ids, IReadOnlyDictionary<string, bool> targets,
        List<string> warnings, CancellationToken cancellationToken)
    {
        var datasetFile = layout.DatasetFile(split);
        if (!File.Exists(datasetFile))
        {
            warnings.Add($"No {Path.GetFileName(datasetFile)}: the logits files' targets serve as labels.");
            return targets;
        }

        var examples = (await ReferenceReaders.ReadDatasetAsync(datasetFile, DatasetFormat.ForDataset(layout.Dataset), cancellationToken).ConfigureAwait(false))
            .ToDictionary(example => example.Id, example => example.Label, StringComparer.Ordinal);
        var absent = ids.Count(id => !examples.ContainsKey(id));
        var differing = ids.Count(id => examples.TryGetValue(id, out var label) && label != targets[id]);
        if (absent > 0)
        {
            warnings.Add($"{absent} scored items are not in {Path.GetFileName(datasetFile)}; their targets serve as labels.");
        }

        if (differing > 0)
        {
            warnings.Add($"{differing} items have a dataset label that differs from the logits files' target; metrics use the targets.");
        }

        return ids.ToDictionary(id => id, id => examples.TryGetValue(id, out var label) ? label : targets[id], StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyDictionary<string, InteractionScores>?> RouterLogitsAsync(
        ReferenceLayout layout, string model, IReadOnlyList<string> ids, List<string> omitted, CancellationToken cancellationToken)
    {
        var file = layout.RouterLogitsFile(model);
        if (!File.Exists(file))
        {
            omitted.Add($"rus: no router logits ({Path.GetFileName(file)}).");
            return null;
        }

        var router = await ReferenceReaders.ReadRouterLogitsAsync(file, cancellationToken).ConfigureAwait(false);
        var missing = ids.Where(id => !router.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new ReferenceFormatException(file, "whole file",
                $"no router logits for {missing.Count} scored items (e.g. {string.Join(", ", missing.Take(3))}).");
        }

        return router;
    }
}
