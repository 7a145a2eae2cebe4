using System.Text.Json.Nodes;

namespace Mmoe.Models.Evaluation;

/// <summary>The headline numbers of an evaluation as JSON, for manifests and for comparing runs.</summary>
public static class EvaluationSummary
{
    public static JsonObject ToJson(ModelEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var report = evaluation.Report;
        var strategies = new JsonObject();
        foreach (var row in report.Strategies)
        {
            strategies[row.Name] = Round(row.Metrics.F1);
        }

        var perInteraction = new JsonObject();
        foreach (var row in report.PerInteraction)
        {
            perInteraction[row.Type.Letter()] = new JsonObject
            {
                ["n"] = row.SubsetSize,
                ["expertF1"] = row.ExpertOnSubset is null ? null : Round(row.ExpertOnSubset.F1),
                ["baselineF1"] = row.BaselineOnSubset is null ? null : Round(row.BaselineOnSubset.F1),
            };
        }

        return new JsonObject
        {
            ["split"] = report.Split,
            ["n"] = report.Count,
            ["f1"] = strategies,
            ["rusAccuracy"] = Round(report.Strategy("rus")!.Metrics.Accuracy),
            ["routerAccuracy"] = evaluation.RouterAccuracy is { } accuracy ? Round(accuracy) : null,
            ["alwaysPositiveF1"] = Round(evaluation.AlwaysPositive.F1),
            ["textOnlyF1"] = Round(evaluation.TextOnly.F1),
            ["imageOnlyF1"] = evaluation.ImageOnly is null ? null : Round(evaluation.ImageOnly.F1),
            ["rusAuc"] = Round(evaluation.RusAuc),
            ["baselineAuc"] = Round(evaluation.BaselineAuc),
            ["ece"] = Round(evaluation.Ece),
            ["eceBeforeTemperature"] = Round(evaluation.EceBeforeTemperature),
            ["routerMajorityAccuracy"] = evaluation.RouterMajorityAccuracy is { } majority ? Round(majority) : null,
            ["majorityInteraction"] = evaluation.MajorityInteraction?.Letter(),
            ["rusMinusBaselineF1"] = Interval(evaluation.RusMinusBaselineF1),
            ["rusF1Interval"] = Interval(evaluation.RusF1),
            ["perInteraction"] = perInteraction,
        };
    }

    private static JsonObject Interval(Mmoe.Evaluation.BootstrapInterval interval) => new()
    {
        ["estimate"] = Round(interval.Estimate),
        ["low"] = Round(interval.Low),
        ["high"] = Round(interval.High),
        ["resamples"] = interval.Resamples,
    };

    private static double Round(double value) => Math.Round(value, 6);
}
