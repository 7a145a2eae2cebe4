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
            ["textOnlyF1"] = evaluation.TextOnly is null ? null : Round(evaluation.TextOnly.F1),
            ["imageOnlyF1"] = evaluation.ImageOnly is null ? null : Round(evaluation.ImageOnly.F1),
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

    /// <summary>
    /// <see cref="ToJson"/> plus accuracy and ranking AUC of <c>rus</c> and the baseline and the trivial answers' accuracy
    /// (majority class), for comparing runs; manifests keep the shorter form, so retraining a model rewrites its bytes.
    /// </summary>
    public static JsonObject ToDetailedJson(ModelEvaluation evaluation)
    {
        var json = ToJson(evaluation);
        json["rusAuc"] = evaluation.RusAuc is { } rusAuc ? Round(rusAuc) : null;
        json["baselineAccuracy"] = evaluation.Report.Strategy("baseline") is { } baseline ? Round(baseline.Metrics.Accuracy) : null;
        json["baselineAuc"] = evaluation.BaselineAuc is { } baselineAuc ? Round(baselineAuc) : null;
        json["majorityAccuracy"] = Round(Math.Max(evaluation.AlwaysPositive.Accuracy, 1 - evaluation.AlwaysPositive.Accuracy));
        json["ece"] = Round(evaluation.Ece);
        json["eceBeforeTemperature"] = evaluation.EceBeforeTemperature is { } before ? Round(before) : null;
        json["routerMajorityAccuracy"] = evaluation.RouterMajorityAccuracy is { } majority ? Round(majority) : null;
        json["majorityInteraction"] = evaluation.MajorityInteraction?.Letter();
        json["rusMinusBaselineF1"] = evaluation.RusMinusBaselineF1 is { } difference ? Interval(difference) : null;
        json["rusF1Interval"] = Interval(evaluation.RusF1);
        return json;
    }

    private static double Round(double value) => Math.Round(value, 6);
}
