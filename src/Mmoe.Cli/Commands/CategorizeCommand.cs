using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mmoe.Interactions;
using Mmoe.Reference;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe categorize</c>: sorts a split into R/U/S subsets from the unimodal predictions (or, where they are absent, the released split files).</summary>
internal static class CategorizeCommand
{
    public static Command Create(CliContext context)
    {
        var dataOptions = new DatasetOptions(readsCaptions: false); // interaction types come from labels and unimodal predictions, never captions
        var split = CommonOptions.Split();
        var json = CommonOptions.Json();
        var output = new Option<FileInfo?>("--out") { Description = "Also write the JSON result to this file." };
        var command = new Command(
            "categorize",
            "Sort a split's items into redundancy, uniqueness and synergy subsets from the unimodal predictions (from the released split files where a prediction file is absent).")
        {
            split, json, output,
        };
        dataOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var data = await dataOptions.LoadAsync(parse, context, cancellationToken).ConfigureAwait(false);
            var splitName = parse.GetRequiredValue(split);
            var items = data.Split(splitName).Select(item => new LabeledItem(item.Id, item.Label)).ToList();
            var subsets = data.SubsetsOf(splitName) ?? throw new FileNotFoundException(
                $"Cannot categorize {data.Name}/{splitName}: it has neither both unimodal prediction files nor released split files. " +
                "For your own data, add image_only_predictions.jsonl and text_only_predictions.jsonl ({\"id\", \"pred\"} per line) to the --data folder.");
            var result = new CategorizeResult(data.Name, splitName, items, subsets);
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

    private static string ToJson(CategorizeResult result)
    {
        var order = result.Items.Select(item => item.Id).ToList();
        var document = new Dictionary<string, object>
        {
            ["dataset"] = result.Dataset,
            ["split"] = result.Split,
            ["n"] = result.Items.Count,
            ["subset_source"] = SubsetSourceName(result.Subsets.Source),
            ["subsets"] = InteractionTypes.All.ToDictionary(type => type.Letter(), type => result.Subsets.Subset(type, order)),
            ["uncategorized"] = result.Subsets.Unassigned,
            ["released_split_differences"] = result.Subsets.Discrepancies.ToDictionary(
                d => d.Type.ReferenceCode(),
                d => new Dictionary<string, IReadOnlyList<string>> { ["only_in_released"] = d.OnlyInReleased, ["only_in_computed"] = d.OnlyInComputed }),
            ["warnings"] = result.Subsets.Warnings,
        };
        return JsonSerializer.Serialize(document, JsonOutput.Options);
    }

    internal static string SubsetSourceName(SubsetSource source) => source switch
    {
        SubsetSource.Categorizer => "categorizer",
        SubsetSource.ReleasedSplits => "released_splits",
        _ => source.ToString(),
    };

    private static void WriteTable(CliContext context, CategorizeResult result)
    {
        var labels = result.Items.ToDictionary(item => item.Id, item => item.Label, StringComparer.Ordinal);
        var order = result.Items.Select(item => item.Id).ToList();
        var source = result.Subsets.Source == SubsetSource.Categorizer ? "the unimodal predictions" : "the released split files";
        var table = new Table().Title($"{result.Dataset} / {result.Split}: {result.Items.Count} items, subsets from {source}")
            .AddColumns("interaction", "items", "positive", "share");
        foreach (var type in InteractionTypes.All)
        {
            var ids = result.Subsets.Subset(type, order);
            table.AddRow(
                $"{type.Letter()} ({type.JsonName()})",
                ids.Count.ToString(CultureInfo.InvariantCulture),
                ids.Count(id => labels[id]).ToString(CultureInfo.InvariantCulture),
                Formatting.Percent(ids.Count, result.Items.Count));
        }

        table.AddRow("uncategorized", result.Subsets.Unassigned.Count.ToString(CultureInfo.InvariantCulture), "", "");
        context.Console.Write(table);
    }
}
