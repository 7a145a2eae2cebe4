using System.Text;
using System.Text.Json;
using Mmoe.Cli;

namespace Mmoe.Training.Tests;

/// <summary>
/// A user's own posts in the documented JSON Lines format, end to end through the command line:
/// categorize → train → eval → detect with --model, as a humour task.
/// </summary>
public sealed class UserDatasetEndToEndTests : IDisposable
{
    private static readonly string[] Funny = ["punchline", "joke", "pun", "banana", "clown"];
    private static readonly string[] Plain = ["budget", "policy", "data", "report", "figure"];
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mmoe-user-data-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task CategorizeTrainEvalAndDetectRunOnAUsersJsonLinesFolder()
    {
        var data = Path.Combine(_root.FullName, "talks");
        WriteDataset(data);
        var model = Path.Combine(_root.FullName, "humor-model");

        var (code, output, error) = await RunAsync("categorize", "--data", data, "--split", "train", "--json");
        Assert.True(code == 0, error);
        var categorized = JsonDocument.Parse(output).RootElement;
        Assert.Equal("categorizer", categorized.GetProperty("subset_source").GetString());
        Assert.Equal(60, categorized.GetProperty("n").GetInt32());
        var subsets = categorized.GetProperty("subsets");
        Assert.Equal(60, subsets.GetProperty("R").GetArrayLength() + subsets.GetProperty("U").GetArrayLength() + subsets.GetProperty("S").GetArrayLength());

        (code, output, error) = await RunAsync("train", "--data", data, "--task", "humor", "--out", model, "--id", "talks-humor", "--epochs", "8", "--json");
        Assert.True(code == 0, error);
        var trained = JsonDocument.Parse(output).RootElement;
        Assert.Equal("test", trained.GetProperty("split").GetString());
        Assert.InRange(trained.GetProperty("mean").GetProperty("rusF1").GetDouble(), 0, 1);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "manifest.json"))).RootElement;
        Assert.Equal("humor", manifest.GetProperty("task").GetString());
        Assert.Equal("released unimodal labels", manifest.GetProperty("training").GetProperty("subsetSource").GetString());

        (code, output, error) = await RunAsync("eval", "--model", model, "--data", data, "--json");
        Assert.True(code == 0, error);
        var evaluation = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20, evaluation.GetProperty("n").GetInt32());
        Assert.Equal("categorizer", evaluation.GetProperty("subset_source").GetString());
        // The words decide the label, so a model that learned anything beats chance at ranking.
        Assert.True(evaluation.GetProperty("rus_auc").GetDouble() > 0.8, output);

        var posts = Path.Combine(_root.FullName, "posts.jsonl");
        await File.WriteAllTextAsync(posts, "{\"id\": \"q1\", \"text\": \"a banana clown pun\"}\n{\"id\": \"q2\", \"text\": \"the budget policy report\"}\n");
        (code, output, error) = await RunAsync("detect", "--model", model, "--input", posts, "--json");
        Assert.True(code == 0, error);
        // One moderate_posts item per line: {index, id, verdict}, the verdict in detect_humor's shape.
        var items = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["q1", "q2"], items.Select(v => v.GetProperty("id").GetString()));
        var verdicts = items.Select(item => item.GetProperty("verdict")).ToList();
        Assert.All(verdicts, v => Assert.Contains(v.GetProperty("isHumorous").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False }));
        Assert.All(verdicts, v => Assert.Equal("humor", v.GetProperty("model").GetProperty("task").GetString()));
        Assert.All(verdicts, v => Assert.Equal("talks-humor", v.GetProperty("model").GetProperty("id").GetString()));
        Assert.True(verdicts[0].GetProperty("probability").GetDouble() > verdicts[1].GetProperty("probability").GetDouble());
    }

    [Fact]
    public async Task AMalformedLineStopsTheCommandNamingTheFileLineAndField()
    {
        var data = Path.Combine(_root.FullName, "broken");
        WriteDataset(data);
        await File.AppendAllTextAsync(Path.Combine(data, "val.jsonl"), "{\"id\": \"v-extra\", \"text\": \"no label here\"}\n");

        var (code, _, error) = await RunAsync("train", "--data", data, "--out", Path.Combine(_root.FullName, "m"));

        Assert.Equal(1, code);
        Assert.Contains("val.jsonl: line 21: missing 'label'", error, StringComparison.Ordinal);
    }

    /// <summary>60 train, 20 val, 20 test posts; the label follows the words, the unimodal guesses are right 3 times in 4.</summary>
    private static void WriteDataset(string folder)
    {
        Directory.CreateDirectory(folder);
        var image = new StringBuilder();
        var text = new StringBuilder();
        foreach (var (split, count) in new[] { ("train", 60), ("val", 20), ("test", 20) })
        {
            var lines = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                var id = $"{split}-{i:D3}";
                var funny = i % 2 == 0;
                var words = funny ? Funny : Plain;
                var post = new Dictionary<string, object?>
                {
                    ["id"] = id,
                    ["text"] = $"{words[i % 5]} {words[(i + 2) % 5]} in the talk",
                    ["caption"] = i % 3 == 0 ? "a speaker on a stage" : null,
                    ["context"] = new[] { "so here is a story" },
                    ["label"] = funny ? 1 : 0,
                };
                lines.AppendLine(JsonSerializer.Serialize(post));
                image.AppendLine(JsonSerializer.Serialize(new { id, pred = i % 4 == 1 ? !funny : funny }));
                text.AppendLine(JsonSerializer.Serialize(new { id, pred = i % 4 == 3 ? !funny : funny }));
            }

            File.WriteAllText(Path.Combine(folder, $"{split}.jsonl"), lines.ToString());
        }

        File.WriteAllText(Path.Combine(folder, "image_only_predictions.jsonl"), image.ToString());
        File.WriteAllText(Path.Combine(folder, "text_only_predictions.jsonl"), text.ToString());
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Mmoe.Training.Cli.TrainingCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
