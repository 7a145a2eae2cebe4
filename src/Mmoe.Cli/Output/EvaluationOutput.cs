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
        json["text_only"] = ReportJson.Metrics(evaluation.TextOnly);
        if (evaluation.ImageOnly is { } image)
        {
            json["image_only"] = ReportJson.Metrics(image);
        }

        return json;
    }

    public static void WriteTables(CliContext context, ModelEvaluation evaluation)
    {
        ReproduceCommand.WriteTables(context, evaluation.Report);
        var extra = new Table().Title("References and judges").AddColumns("row", "F1", "accuracy");
        extra.AddRow("always positive (trivial)", Formatting.Metric(evaluation.AlwaysPositive.F1), Formatting.Metric(evaluation.AlwaysPositive.Accuracy));
        extra.AddRow("text-only judge", Formatting.Metric(evaluation.TextOnly.F1), Formatting.Metric(evaluation.TextOnly.Accuracy));
        if (evaluation.ImageOnly is { } image)
        {
            extra.AddRow("image-only (caption) judge", Formatting.Metric(image.F1), Formatting.Metric(image.Accuracy));
        }

        extra.AddRow("rus: ranking AUC (trivial 0.5)", "-", evaluation.RusAuc is { } rusAuc ? Formatting.Metric(rusAuc) : "-");
        extra.AddRow("baseline: ranking AUC", "-", evaluation.BaselineAuc is { } baselineAuc ? Formatting.Metric(baselineAuc) : "-");
        extra.AddRow("router: interaction type", "-", evaluation.RouterAccuracy is { } accuracy ? Formatting.Metric(accuracy) : "-");
        context.Console.Write(extra);
    }
}
