using System.CommandLine;
using Mmoe.Cli.Featurizers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mmoe.Models;
using Mmoe.Models.Evaluation;
using Mmoe.Reference;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary>
/// <c>mmoe bench</c>: throughput and latency of a detector on one core. Single-threaded loop over the posts of a split
/// (or a posts file), warm-up iterations first; prints medians over the measured iterations.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var model = ModelOption.Create();
        var root = new Option<DirectoryInfo?>("--root") { Description = "Reference data root; the posts are the test split of --dataset." };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset under --root, e.g. mustard." };
        var input = new Option<FileInfo?>("--input") { Description = "A JSON Lines posts file (as for 'mmoe detect') instead of a dataset." };
        var iterations = new Option<int>("--iterations") { Description = "Measured passes over the posts.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured passes first (JIT, caches).", DefaultValueFactory = _ => 3 };
        var allCores = new Option<bool>("--all-cores") { Description = "Do not pin the process to one core." };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure posts/s and p50/p99 latency of a detector (the embedded default unless --model is given) on one core.")
        {
            model, root, dataset, input, iterations, warmup, allCores, json,
        };
        var featurizerOptions = new FeaturizerOptions();
        featurizerOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pinned = !parse.GetValue(allCores) && TryPinToOneCore();
            var posts = await PostsAsync(parse.GetValue(root), parse.GetValue(dataset), parse.GetValue(input), cancellationToken).ConfigureAwait(false);
            var load = Stopwatch.StartNew();
            // No feature cache: a bench measures what computing a verdict costs, not reading a vector from disk.
            var selection = featurizerOptions.Read(parse) with { NoCache = true };
            posts = PostImageFolder.Attach(posts, selection.ImagesDirectory);
            var modelDirectory = ModelOption.Directory(parse, model);
            var detector = await MmoeModels.LoadAsync(modelDirectory, FeaturizerFactory.LoadOptions(selection, modelDirectory), cancellationToken).ConfigureAwait(false);
            using var ownedDetector = detector as IDisposable;
            var loadSeconds = load.Elapsed.TotalSeconds;
            var rounds = Math.Max(1, parse.GetValue(iterations));
            for (var i = 0; i < parse.GetValue(warmup); i++)
            {
                foreach (var post in posts)
                {
                    await detector.DetectAsync(post, cancellationToken).ConfigureAwait(false);
                }

                await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false);
            }

            var throughput = new List<double>();
            var p50 = new List<double>();
            var p99 = new List<double>();
            var batchThroughput = new List<double>();
            var latencies = new double[posts.Count];
            for (var round = 0; round < rounds; round++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < posts.Count; i++)
                {
                    var before = Stopwatch.GetTimestamp();
                    await detector.DetectAsync(posts[i], cancellationToken).ConfigureAwait(false);
                    latencies[i] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                }

                throughput.Add(posts.Count / Stopwatch.GetElapsedTime(start).TotalSeconds);
                Array.Sort(latencies);
                p50.Add(Percentile(latencies, 0.50));
                p99.Add(Percentile(latencies, 0.99));

                var batchStart = Stopwatch.GetTimestamp();
                await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false);
                batchThroughput.Add(posts.Count / Stopwatch.GetElapsedTime(batchStart).TotalSeconds);
            }

            var result = new Dictionary<string, object>
            {
                ["model"] = $"{detector.Model.Id} {detector.Model.Version}",
                ["posts"] = posts.Count,
                ["iterations"] = rounds,
                ["pinned_to_one_core"] = pinned,
                ["model_load_seconds"] = Math.Round(loadSeconds, 4),
                ["posts_per_second"] = Math.Round(Median(throughput), 1),
                ["latency_p50_ms"] = Math.Round(Median(p50), 4),
                ["latency_p99_ms"] = Math.Round(Median(p99), 4),
                ["batch_posts_per_second"] = Math.Round(Median(batchThroughput), 1),
            };
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(result, JsonOutput.Options)).ConfigureAwait(false);
            }
            else
            {
                var table = new Table().Title($"{result["model"]}: {posts.Count} posts × {rounds} iterations, medians{(pinned ? ", one core" : "")}")
                    .AddColumns("measure", "value");
                foreach (var (key, value) in result.Where(pair => pair.Key is not "model"))
                {
                    table.AddRow(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                }

                context.Console.Write(table);
            }

            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<SocialPost>> PostsAsync(DirectoryInfo? root, string? dataset, FileInfo? input, CancellationToken cancellationToken)
    {
        if (input is not null)
        {
            return await PostsJsonl.ReadPostsAsync(input.FullName, cancellationToken).ConfigureAwait(false);
        }

        if (root is null || string.IsNullOrWhiteSpace(dataset))
        {
            throw new ArgumentException("Give the posts to time: --root and --dataset (the test split is used), or --input posts.jsonl.");
        }

        var data = await ReferenceDataset.LoadAsync(root.FullName, dataset, cancellationToken).ConfigureAwait(false);
        return data.Test.Select(item => item.Post).ToList();
    }

    /// <summary>Pins the process to its first allowed core so the numbers are per core, not per machine.</summary>
    private static bool TryPinToOneCore()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return false;
        }

        var process = Process.GetCurrentProcess();
        var mask = (long)process.ProcessorAffinity;
        if (mask == 0)
        {
            return false;
        }

        process.ProcessorAffinity = (nint)(mask & -mask);
        return true;
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
