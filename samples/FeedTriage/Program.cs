// FeedTriage: read a JSONL feed of posts, judge them in batches with moderate_posts, write one JSON result per
// post and print a summary: how many posts each interaction drives, and which posts were flagged.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Mmoe;
using Mmoe.SemanticKernel;
using Spectre.Console;

if (args.Length is < 1 or > 3 || args.Contains("--help"))
{
    Console.Error.WriteLine("usage: FeedTriage <feed.jsonl> [results.jsonl (default: <feed>.results.jsonl beside the feed)] [batch size (default 4)]   (each feed line: {\"id\",\"text\",\"caption\"?,\"image\"?,\"context\"?})");
    return 2;
}

var feedPath = args[0];
// Beside the feed by default, so the results land in the same place wherever the sample is run from.
var resultsPath = args.Length > 1 ? args[1] : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(feedPath))!, Path.GetFileNameWithoutExtension(feedPath) + ".results.jsonl");
var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
if (!File.Exists(feedPath))
{
    Console.Error.WriteLine($"error: feed file '{feedPath}' not found.");
    return 1;
}

var builder = Kernel.CreateBuilder();
builder.AddMmoePlugin();
var kernel = builder.Build();

var read = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
var write = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
var lines = await File.ReadAllLinesAsync(feedPath);
var entries = lines
    .Select((line, index) => (Line: index + 1, Text: line))
    .Where(entry => !string.IsNullOrWhiteSpace(entry.Text))
    .ToList();

var results = new List<FeedResult>();
await AnsiConsole.Progress().StartAsync(async progress =>
{
    var task = progress.AddTask("Judging posts", maxValue: entries.Count);
    foreach (var batch in entries.Chunk(batchSize))
    {
        var posts = new List<(int Line, PostInput Post)>();
        foreach (var (line, text) in batch)
        {
            try
            {
                posts.Add((line, JsonSerializer.Deserialize<PostInput>(text, read) ?? throw new JsonException("null")));
            }
            catch (JsonException)
            {
                results.Add(new FeedResult(line, null, null, new ToolError("invalid_json", "This line is not a JSON object.")));
            }
        }

        if (posts.Count > 0)
        {
            var report = (await kernel.InvokeAsync<ModerationReport>(MmoePlugin.PluginName, "moderate_posts", new() { ["posts"] = posts.Select(p => p.Post).ToList() }))!;
            results.AddRange(report.Items.Select(item => new FeedResult(posts[item.Index].Line, item.Id, item.Verdict, item.Error)));
        }

        task.Increment(batch.Length);
    }
});

results.Sort((a, b) => a.Line.CompareTo(b.Line));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
await File.WriteAllLinesAsync(resultsPath, results.Select(result => JsonSerializer.Serialize(result, write)));

var judged = results.Where(r => r.Verdict is not null).ToList();
var summary = new Table().Title($"{results.Count} posts from {Path.GetFileName(feedPath)}").AddColumns("driving interaction", "posts", "sarcastic");
foreach (var type in InteractionTypes.All)
{
    var driven = judged.Where(r => r.Verdict!.DrivingInteraction == type).ToList();
    summary.AddRow(type.JsonName(), driven.Count.ToString(CultureInfo.InvariantCulture), driven.Count(r => r.Verdict!.IsSarcastic).ToString(CultureInfo.InvariantCulture));
}

summary.AddRow("errors", (results.Count - judged.Count).ToString(CultureInfo.InvariantCulture), string.Empty);
AnsiConsole.Write(summary);

var flagged = new Table().Title("Flagged as sarcastic").AddColumns("line", "id", "p", "driving", "explanation");
foreach (var result in judged.Where(r => r.Verdict!.IsSarcastic).OrderByDescending(r => r.Verdict!.Probability))
{
    flagged.AddRow(
        result.Line.ToString(CultureInfo.InvariantCulture),
        Markup.Escape(result.Id ?? string.Empty),
        result.Verdict!.Probability.ToString("0.00", CultureInfo.InvariantCulture),
        result.Verdict.DrivingInteraction.JsonName(),
        Markup.Escape(result.Verdict.Explanation));
}

AnsiConsole.Write(flagged);
foreach (var failed in results.Where(r => r.Error is not null))
{
    Console.Error.WriteLine($"line {failed.Line}: {failed.Error!.Code}: {failed.Error.Message}");
}

Console.WriteLine($"Wrote {results.Count} results to {resultsPath}");
return 0;

/// <summary>One line of the results file.</summary>
internal sealed record FeedResult(int Line, string? Id, SarcasmVerdict? Verdict, ToolError? Error);
