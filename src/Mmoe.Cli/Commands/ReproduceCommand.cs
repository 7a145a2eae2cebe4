using System.CommandLine;
using System.Text.Json;
using Mmoe.Reference;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe reproduce</c>: recomputes the reference fusion script's report from released expert logits.</summary>
internal static class ReproduceCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommonOptions.Root();
        var dataset = CommonOptions.Dataset();
        var model = new Option<string>("--model")
        {
            Description = "Expert model whose outputs to fuse: the <model> of expert_inference_output/expert_<model> (e.g. qwen-1.5b, blip2).",
            Required = true,
        };
        var split = CommonOptions.Split();
        var json = CommonOptions.Json();
        var command = new Command("reproduce", "Recompute the MMoE reference fusion report (baseline, fusion strategies, oracle, per interaction) from released expert logits.")
        {
            root, dataset, model, split, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var layout = ReferenceLayout.Open(parse.GetRequiredValue(root).FullName, parse.GetRequiredValue(dataset));
            var report = await ReferenceReproduction.RunAsync(layout, parse.GetRequiredValue(model), parse.GetRequiredValue(split), cancellationToken)
                .ConfigureAwait(false);
            foreach (var warning in report.Warnings)
            {
                context.Warn(warning);
            }

            foreach (var omission in report.Omitted)
            {
                await context.Error.WriteLineAsync("omitted: " + omission).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(ReportJson.From(report), JsonOutput.Options)).ConfigureAwait(false);
            }
            else
            {
                WriteTables(context, report);
            }

            return 0;
        });
        return command;
    }

    internal static void WriteTables(CliContext context, ReproductionReport report)
    {
        var strategies = new Table()
            .Title($"{report.Dataset} / {report.Split}, {report.Model}: {report.Count} items, subsets from {SourceName(report.Subsets.Source)}")
            .AddColumns("strategy", "F1", "precision", "recall", "accuracy", "n");
        foreach (var row in report.Strategies)
        {
            strategies.AddRow(row.Name, Formatting.Metric(row.Metrics.F1), Formatting.Metric(row.Metrics.Precision),
                Formatting.Metric(row.Metrics.Recall), Formatting.Metric(row.Metrics.Accuracy), row.Metrics.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        context.Console.Write(strategies);

        var perInteraction = new Table().Title("Per interaction (F1)")
            .AddColumns("interaction", "subset size", "expert on subset", "baseline on subset", "expert on all");
        foreach (var row in report.PerInteraction)
        {
            perInteraction.AddRow(
                row.Type.Letter(),
                row.SubsetSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                F1(row.ExpertOnSubset),
                F1(row.BaselineOnSubset),
                F1(row.ExpertOnAll));
        }

        context.Console.Write(perInteraction);
    }

    private static string F1(Evaluation.BinaryMetrics? metrics) => metrics is null ? "-" : Formatting.Metric(metrics.F1);

    private static string SourceName(SubsetSource source) => source switch
    {
        SubsetSource.Categorizer => "the categorizer",
        SubsetSource.ReleasedSplits => "the released split files",
        _ => source.ToString(),
    };
}
