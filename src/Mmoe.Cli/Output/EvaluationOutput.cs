using Mmoe.Cli.Commands;
using Mmoe.Models.Evaluation;
using Spectre.Console;

namespace Mmoe.Cli;

/// <summary>An evaluation in the shape of <c>mmoe reproduce</c>'s report, plus the router's accuracy, the unimodal judges and the trivial answer.</summary>
internal static class EvaluationOutput
{
    public static Dictionary<string, object> ToJson(ModelEvaluation evaluation)
    {
        var json = ReportJson.From(evaluation.Report);
        json["router_accuracy"] = evaluation.RouterAccuracy!;
        json["rus_auc"] = evaluation.RusAuc!;
        json["baseline_auc"] = evaluation.BaselineAuc!;
        json["always_positive"] = ReportJson.Metrics(evaluation.AlwaysPositive);
        json["text_only"] = evaluation.TextOnly is { } text ? ReportJson.Metrics(text) : null!;
        if (evaluation.ImageOnly is { } image)
        {
            json["image_only"] = ReportJson.Metrics(image);
        }

        json["router_majority_accuracy"] = evaluation.RouterMajorityAccuracy!;
        json["majority_interaction"] = evaluation.MajorityInteraction?.Letter()!;
        json["ece"] = evaluation.Ece;
        json["ece_before_temperature"] = evaluation.EceBeforeTemperature!;
        json["rus_minus_baseline_f1"] = evaluation.RusMinusBaselineF1 is { } difference ? Interval(difference) : null!;
        json["rus_f1_interval"] = Interval(evaluation.RusF1);
        json["not_reported"] = evaluation.NotReported;

        return json;
    }

    private static Dictionary<string, object> Interval(Mmoe.Evaluation.BootstrapInterval interval) => new()
    {
        ["estimate"] = interval.Estimate,
        ["low"] = interval.Low,
        ["high"] = interval.High,
        ["resamples"] = interval.Resamples,
    };

    private static string Span(Mmoe.Evaluation.BootstrapInterval interval) =>
        Markup.Escape($"{Formatting.Metric(interval.Estimate)} [{Formatting.Metric(interval.Low)}, {Formatting.Metric(interval.High)}]");

    public static void WriteTables(CliContext context, ModelEvaluation evaluation)
    {
        ReproduceCommand.WriteTables(context, evaluation.Report);
        var extra = new Table().Title("References and judges").AddColumns("row", "F1", "accuracy");
        extra.AddRow("always positive (trivial)", Formatting.Metric(evaluation.AlwaysPositive.F1), Formatting.Metric(evaluation.AlwaysPositive.Accuracy));
        if (evaluation.TextOnly is { } text)
        {
            extra.AddRow("text-only judge", Formatting.Metric(text.F1), Formatting.Metric(text.Accuracy));
        }

        if (evaluation.ImageOnly is { } image)
        {
            extra.AddRow("image-only (caption) judge", Formatting.Metric(image.F1), Formatting.Metric(image.Accuracy));
        }

        extra.AddRow("rus: ranking AUC (trivial 0.5)", "-", evaluation.RusAuc is { } rusAuc ? Formatting.Metric(rusAuc) : "-");
        extra.AddRow("baseline: ranking AUC", "-", evaluation.BaselineAuc is { } baselineAuc ? Formatting.Metric(baselineAuc) : "-");
        extra.AddRow("router: interaction type", "-", evaluation.RouterAccuracy is { } accuracy ? Formatting.Metric(accuracy) : "-");
        extra.AddRow($"router: always {evaluation.MajorityInteraction?.Letter() ?? "-"} (majority)", "-",
            evaluation.RouterMajorityAccuracy is { } majority ? Formatting.Metric(majority) : "-");
        context.Console.Write(extra);

        var probabilities = new Table().Title("Probabilities and intervals").AddColumns("row", "value");
        probabilities.AddRow("rus F1, 95% bootstrap interval", Span(evaluation.RusF1));
        if (evaluation.RusMinusBaselineF1 is { } difference)
        {
            probabilities.AddRow("rus F1 − baseline F1, paired 95% interval", Span(difference));
        }

        probabilities.AddRow("ECE of the rus probability (10 bins): reported / before temperature",
            $"{Formatting.Metric(evaluation.Ece)} / {(evaluation.EceBeforeTemperature is { } before ? Formatting.Metric(before) : "-")}");
        context.Console.Write(probabilities);
        foreach (var line in evaluation.NotReported)
        {
            context.Error.WriteLine("note: not reported: " + line);
        }
    }
}
