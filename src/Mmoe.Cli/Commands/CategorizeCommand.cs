using System.CommandLine;
using System.Text.Json;
using Mmoe.Interactions;
using Mmoe.Reference;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe categorize</c>: sorts a split into R/U/S subsets from the unimodal predictions.</summary>
internal static class CategorizeCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommonOptions.Root();
        var dataset = CommonOptions.Dataset();
        var split = CommonOptions.Split();
        var json = CommonOptions.Json();
        var output = new Option<FileInfo?>("--out") { Description = "Also write the JSON result to this file." };
        var command = new Command("categorize", "Sort a split's items into redundancy, uniqueness and synergy subsets from the unimodal predictions.")
        {
            root, dataset, split, json, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var layout = ReferenceLayout.Open(parse.GetRequiredValue(root).FullName, parse.GetRequiredValue(dataset));
            var result = await RunAsync(layout, parse.GetRequiredValue(split), cancellationToken).ConfigureAwait(false);
            foreach (var warning in result.Subsets.Warnings)
            {
                context.Warn(warning);
            }

            var document = ToJson(result);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, document, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(document).ConfigureAwait(false);
            }
            else
            {
                WriteTable(context, result);
            }

            return 0;
        });
        return command;
    }

    internal sealed record CategorizeResult(string Dataset, string Split, IReadOnlyList<LabeledItem> Items, ReferenceSubsets Subsets);

    internal static async Task<CategorizeResult> RunAsync(ReferenceLayout layout, string split, CancellationToken cancellationToken)
    {
        var predictions = await UnimodalPredictionSet.TryLoadAsync(layout, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException(
                $"Categorizing needs both unimodal prediction files: {layout.ImageOnlyPredictionsFile} and {layout.TextOnlyPredictionsFile}.");
        var examples = await ReferenceReaders.ReadDatasetAsync(layout.DatasetFile(split), cancellationToken).ConfigureAwait(false);
        var items = examples.Select(example => new LabeledItem(example.Id, example.Label)).ToList();
        var subsets = await ReferenceSubsets.LoadAsync(layout, split, items, predictions, cancellationToken).ConfigureAwait(false);
        return new CategorizeResult(layout.Dataset, split, items, subsets);
    }

    private static string ToJson(CategorizeResult result)
    {
        var order = result.Items.Select(item => item.Id).ToList();
        var document = new Dictionary<string, object>
        {
            ["dataset"] = result.Dataset,
            ["split"] = result.Split,
            ["n"] = result.Items.Count,
            ["subsets"] = InteractionTypes.All.ToDictionary(type => type.Letter(), type => result.Subsets.Subset(type, order)),
            ["uncategorized"] = result.Subsets.Unassigned,
            ["released_split_differences"] = result.Subsets.Discrepancies.ToDictionary(
                d => d.Type.ReferenceCode(),
                d => new Dictionary<string, IReadOnlyList<string>> { ["only_in_released"] = d.OnlyInReleased, ["only_in_computed"] = d.OnlyInComputed }),
            ["warnings"] = result.Subsets.Warnings,
        };
        return JsonSerializer.Serialize(document, JsonOutput.Options);
    }

    private static void WriteTable(CliContext context, CategorizeResult result)
    {
        var labels = result.Items.ToDictionary(item => item.Id, item => item.Label, StringComparer.Ordinal);
        var order = result.Items.Select(item => item.Id).ToList();
        var table = new Table().Title($"{result.Dataset} / {result.Split}: {result.Items.Count} items")
            .AddColumns("interaction", "items", "positive", "share");
        foreach (var type in InteractionTypes.All)
        {
            var ids = result.Subsets.Subset(type, order);
            table.AddRow(
                $"{type.Letter()} ({type.JsonName()})",
                ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ids.Count(id => labels[id]).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Formatting.Percent(ids.Count, result.Items.Count));
        }

        table.AddRow("uncategorized", result.Subsets.Unassigned.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "");
        context.Console.Write(table);
    }
}
