using System.Text.Json;
using Mmoe.Cli;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Models;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Tests.Native;
using Mmoe.Models;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.LlamaSharp.Tests.Models;

/// <summary><c>mmoe eval</c> on a LoRA-expert model folder: the one loader, the detector's verdicts, nothing approximated.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class LoraEvalCommandTests(TinyModelFixture fixture)
{
    private static readonly string[] Texts =
    [
        "Oh great, another meeting.", "I love waiting for the bus in the rain.", "The report is due on Friday.",
        "Wow, what a surprise, the train is late.", "Lunch was good today.", "Sure, because that always works.",
        "The meeting moved to three.", "Fantastic, my coffee is cold again.", "We finished the draft.", "Yeah, right, as if.",
    ];

    /// <summary>A user dataset folder with unimodal predictions, so the posts fall into R/U/S subsets.</summary>
    private string Data(string name)
    {
        var folder = Directory.CreateDirectory(fixture.TempFile(name)).FullName;
        string Line(string id, int i) => JsonSerializer.Serialize(new { id, text = Texts[i % Texts.Length], label = i % 3 != 1 ? 1 : 0 });
        File.WriteAllLines(Path.Combine(folder, "train.jsonl"), Enumerable.Range(0, 4).Select(i => Line($"tr{i}", i)));
        File.WriteAllLines(Path.Combine(folder, "val.jsonl"), Enumerable.Range(0, 4).Select(i => Line($"va{i}", i + 1)));
        File.WriteAllLines(Path.Combine(folder, "test.jsonl"), Enumerable.Range(0, Texts.Length).Select(i => Line($"te{i}", i)));
        var ids = Enumerable.Range(0, 4).Select(i => $"tr{i}").Concat(Enumerable.Range(0, 4).Select(i => $"va{i}")).Concat(Enumerable.Range(0, Texts.Length).Select(i => $"te{i}")).ToList();
        File.WriteAllLines(Path.Combine(folder, "image_only_predictions.jsonl"), ids.Select((id, i) => JsonSerializer.Serialize(new { id, pred = i % 2 })));
        File.WriteAllLines(Path.Combine(folder, "text_only_predictions.jsonl"), ids.Select((id, i) => JsonSerializer.Serialize(new { id, pred = i % 4 < 2 ? 1 : 0 })));
        return folder;
    }

    [Fact]
    public async Task Eval_on_a_lora_folder_reports_the_metrics_of_detecting_each_post_alone()
    {
        var folder = fixture.TempFile("lora-eval-model");
        await LoraModelFolder.WriteAsync(folder, "tiny-lora", fixture.ModelPath, ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory), ReferencePrompts.Mustard, "mustard");
        var data = Data("lora-eval-data");

        var (code, output, error) = await RunAsync("eval", "--model", folder, "--gguf", fixture.ModelPath, "--threads", "2", "--data", data, "--json");

        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var posts = File.ReadAllLines(Path.Combine(data, "test.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (Id: e.GetProperty("id").GetString()!, Text: e.GetProperty("text").GetString()!, Label: e.GetProperty("label").GetInt32() == 1))
            .OrderBy(post => post.Id, StringComparer.Ordinal).ToList();
        var image = Predictions(Path.Combine(data, "image_only_predictions.jsonl"));
        var text = Predictions(Path.Combine(data, "text_only_predictions.jsonl"));
        var verdicts = new List<MmoeVerdict>();
        var detector = await MmoeModels.LoadAsync(folder, new MmoeLoadOptions { GgufPath = fixture.ModelPath, Threads = 2 });
        using (detector as IDisposable)
        {
            foreach (var post in posts)
            {
                verdicts.Add(await detector.DetectAsync(new SocialPost { Id = post.Id, Text = post.Text }));
            }
        }

        var labels = posts.Select(post => post.Label).ToList();
        var strategies = report.GetProperty("strategies");
        AssertMetrics(labels, verdicts.Select(v => v.IsSarcastic).ToList(), strategies.GetProperty("rus"));
        AssertMetrics(labels, verdicts.Select(v => v.Experts.Baseline!.Value > 0.5).ToList(), strategies.GetProperty("baseline"));
        // The reference's categorization: both unimodal guesses right is R, they disagree is U, both wrong is S.
        var types = posts.Select(post => image[post.Id] != text[post.Id] ? InteractionType.Uniqueness
            : image[post.Id] == post.Label ? InteractionType.Redundancy : InteractionType.Synergy).ToList();
        var oracle = verdicts.Select((v, i) => (types[i] switch
        {
            InteractionType.Redundancy => v.Experts.Redundancy,
            InteractionType.Uniqueness => v.Experts.Uniqueness,
            _ => v.Experts.Synergy,
        }) > 0.5).ToList();
        AssertMetrics(labels, oracle, strategies.GetProperty("oracle"));
        var routed = verdicts.Where((v, i) => v.DrivingInteraction == types[i]).Count();
        Assert.Equal((double)routed / posts.Count, report.GetProperty("router_accuracy").GetDouble(), 12);
        Assert.Equal(posts.Count, report.GetProperty("n").GetInt32());
        // What a verdict cannot give is said, not approximated.
        Assert.False(strategies.TryGetProperty("average", out _));
        Assert.False(strategies.TryGetProperty("max", out _));
        Assert.Contains(report.GetProperty("not_reported").EnumerateArray(), line => line.GetString()!.StartsWith("average and max fusion", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("text_only").ValueKind);
    }

    [Fact]
    public async Task Eval_on_a_lora_folder_without_a_baseline_says_there_is_no_baseline_row()
    {
        var experts = ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory) with { Baseline = null };
        var folder = fixture.TempFile("lora-eval-no-baseline");
        await LoraModelFolder.WriteAsync(folder, "tiny-lora-no-baseline", fixture.ModelPath, experts, ReferencePrompts.Mustard, "mustard");

        var (code, output, error) = await RunAsync("eval", "--model", folder, "--gguf", fixture.ModelPath, "--threads", "2", "--data", Data("lora-eval-data-2"));

        Assert.True(code == 0, error);
        Assert.Contains("note: not reported: baseline: the model has no baseline expert", error, StringComparison.Ordinal);
        Assert.Contains("rus", output, StringComparison.Ordinal);
    }

    private static Dictionary<string, bool> Predictions(string path) => File.ReadAllLines(path)
        .Select(line => JsonDocument.Parse(line).RootElement)
        .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("pred").GetInt32() == 1, StringComparer.Ordinal);

    /// <summary>F1 of the positive class, precision, recall and accuracy, counted here from the predictions.</summary>
    private static void AssertMetrics(IReadOnlyList<bool> labels, IReadOnlyList<bool> predicted, JsonElement row)
    {
        var tp = labels.Zip(predicted).Count(p => p.First && p.Second);
        var fp = labels.Zip(predicted).Count(p => !p.First && p.Second);
        var fn = labels.Zip(predicted).Count(p => p.First && !p.Second);
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Assert.Equal(f1, row.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(precision, row.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(recall, row.GetProperty("recall").GetDouble(), 12);
        Assert.Equal((double)labels.Zip(predicted).Count(p => p.First == p.Second) / labels.Count, row.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(labels.Count, row.GetProperty("n").GetInt32());
    }

}
