using Mmoe.Evaluation;
using Mmoe.Reference;

namespace Mmoe.Cli;

/// <summary>The JSON shape of a report: <c>{"dataset","model","n","strategies":{name:{f1,precision,recall,accuracy,n}},"per_interaction":{R|U|S:{...}}}</c>.</summary>
internal static class ReportJson
{
    public static Dictionary<string, object> From(ReproductionReport report) => new()
    {
        ["dataset"] = report.Dataset,
        ["model"] = report.Model,
        ["split"] = report.Split,
        ["n"] = report.Count,
        ["subset_source"] = report.Subsets.Source == SubsetSource.Categorizer ? "categorizer" : "released_splits",
        ["strategies"] = report.Strategies.ToDictionary(row => row.Name, row => Metrics(row.Metrics)),
        ["per_interaction"] = report.PerInteraction.ToDictionary(row => row.Type.Letter(), Breakdown),
        ["omitted"] = report.Omitted,
        ["warnings"] = report.Warnings,
    };

    public static Dictionary<string, object> Metrics(BinaryMetrics metrics) => new()
    {
        ["f1"] = metrics.F1,
        ["precision"] = metrics.Precision,
        ["recall"] = metrics.Recall,
        ["accuracy"] = metrics.Accuracy,
        ["n"] = metrics.Count,
    };

    private static Dictionary<string, object> Breakdown(InteractionBreakdown row)
    {
        var result = new Dictionary<string, object> { ["n"] = row.SubsetSize };
        if (row.ExpertOnSubset is { } onSubset)
        {
            result["expert_on_subset"] = Metrics(onSubset);
        }

        if (row.BaselineOnSubset is { } baseline)
        {
            result["baseline_on_subset"] = Metrics(baseline);
        }

        if (row.ExpertOnAll is { } onAll)
        {
            result["expert_on_all"] = Metrics(onAll);
        }

        return result;
    }
}
