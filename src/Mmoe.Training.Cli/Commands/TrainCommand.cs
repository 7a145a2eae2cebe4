using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mmoe.Cli.Featurizers;
using Mmoe.Features;
using Mmoe.Models.Evaluation;
using Mmoe.Training;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe train</c>: trains judges, baseline, experts and router on a reference dataset and writes a model folder.</summary>
internal static class TrainCommand
{
    private static readonly string[] Headline = ["baseline", "rus", "oracle"];

    public static Command Create(CliContext context)
    {
        var dataOptions = new DatasetOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the model to (manifest.json + weights.bin).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same model bytes on CPU.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per head (each stops earlier on its validation loss).", DefaultValueFactory = _ => new MmoeTrainingOptions().MaxEpochs };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Also train seeds seed+1 … seed+N-1 and report mean ± std of the test metrics over all N (the model written is seed's).",
            DefaultValueFactory = _ => 1,
        };
        var id = new Option<string>("--id") { Description = "Model id reported in every verdict.", DefaultValueFactory = _ => new MmoeTrainingOptions().ModelId };
        var defaults = new MmoeTrainingOptions();
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 penalty of the judges, baseline and router.", DefaultValueFactory = _ => defaults.WeightDecay };
        var expertAnchor = new Option<double>("--expert-anchor") { Description = "L2 pull of each expert toward the baseline it starts from.", DefaultValueFactory = _ => defaults.ExpertAnchor };
        var dropout = new Option<double>("--input-dropout") { Description = "Share of input features dropped in each training step.", DefaultValueFactory = _ => defaults.InputDropout };
        var balance = new Option<bool>("--balance-classes")
        {
            Description = "Weigh both classes equally in the loss, so the model assumes no sarcastic share from the training data.",
        };
        var fitTemperature = new Option<bool>("--fit-temperature")
        {
            Description = "Fit a temperature on the validation split so the fused probability is calibrated (changes no decision at 0.5).",
        };
        var tuneThreshold = new Option<bool>("--tune-threshold")
        {
            Description = "Choose the decision threshold (and the baseline's, for comparison) that maximizes F1 on the validation split.",
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Posts per training step.", DefaultValueFactory = _ => defaults.BatchSize };
        var ngrams = defaults.Featurizer;
        var wordBits = new Option<int>("--word-bits") { Description = "hashed-ngrams: 2^N features for the post's words and word bigrams.", DefaultValueFactory = _ => ngrams.UtteranceWordBits };
        var charBits = new Option<int>("--char-bits") { Description = "hashed-ngrams: 2^N features for the post's character n-grams.", DefaultValueFactory = _ => ngrams.UtteranceCharBits };
        var captionBits = new Option<int>("--caption-bits")
        {
            Description = "hashed-ngrams: 2^N features each for the caption's words and characters (0: the model reads no caption).",
            DefaultValueFactory = _ => ngrams.CaptionWordBits,
        };
        var crossBits = new Option<int>("--cross-bits") { Description = "hashed-ngrams: 2^N post-word × caption-word features (0: none).", DefaultValueFactory = _ => ngrams.CrossBits };
        var charNgrams = new Option<string>("--char-ngrams")
        {
            Description = "hashed-ngrams: character n-gram sizes, MIN-MAX.",
            DefaultValueFactory = _ => $"{ngrams.CharNgramMin}-{ngrams.CharNgramMax}",
        };
        var socialPlaceholders = new Option<bool>("--social-placeholders")
        {
            Description = "hashed-ngrams: read @mentions as <user> and drop links, as pre-tokenised tweet data (MMSD2.0) was released.",
        };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train an MMoE model (text and caption judges, baseline, R/U/S experts, router) with early stopping on the validation split.")
        {
            output, seed, epochs, repeat, id, learningRate, weightDecay, expertAnchor, dropout, balance, fitTemperature, tuneThreshold, batchSize, wordBits, charBits, captionBits, crossBits, charNgrams, socialPlaceholders, json,
        };
        dataOptions.AddTo(command);
        var featurizerOptions = new FeaturizerOptions();
        featurizerOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var selection = featurizerOptions.Read(parse);
            var data = PostImageFolder.Attach(await dataOptions.LoadAsync(parse, context, cancellationToken).ConfigureAwait(false), selection.ImagesDirectory);
            // Hashed n-grams stay configured by the training options; another featurizer is built once for every run.
            // Feature extraction through an encoder or an LLM is the expensive step: it goes through the on-disk cache,
            // so every seed of --repeat (and every later run on the same data and model) computes each post once.
            // With --featurizer hashed-ngrams+minilm the n-gram part is configured by the same options, and only the
            // MiniLM part is cached (24,000 tweets take about ten minutes to embed on one core; n-grams a few seconds).
            var hashedOptions = HashedOptions(parse, ngrams, wordBits, charBits, captionBits, crossBits, charNgrams, socialPlaceholders);
            var postFeaturizer = selection.Name switch
            {
                null or HashedNgramFeaturizer.FeaturizerName => null,
                LlamaSharp.Features.QwenHiddenStateFeaturizer.FeaturizerName => FeaturizerFactory.Cached(
                    await FeaturizerFactory.CreateQwenAsync(selection, data.Name, null, cancellationToken).ConfigureAwait(false), selection),
                _ => FeaturizerFactory.Cached(FeaturizerFactory.Create(selection, hashedOptions), selection),
            };
            using var ownedFeaturizer = postFeaturizer as IDisposable;
            var runs = parse.GetValue(repeat);
            if (runs < 1)
            {
                throw new ArgumentException("--repeat must be at least 1.");
            }

            var baseOptions = new MmoeTrainingOptions
            {
                MaxEpochs = parse.GetValue(epochs),
                ModelId = parse.GetRequiredValue(id),
                LearningRate = parse.GetValue(learningRate),
                WeightDecay = parse.GetValue(weightDecay),
                ExpertAnchor = parse.GetValue(expertAnchor),
                InputDropout = parse.GetValue(dropout),
                BalanceClasses = parse.GetValue(balance),
                FitTemperature = parse.GetValue(fitTemperature),
                TuneThreshold = parse.GetValue(tuneThreshold),
                BatchSize = parse.GetValue(batchSize),
                Featurizer = hashedOptions,
                PostFeaturizer = postFeaturizer,
            };
            var trainer = new MmoeTrainer();
            var summaries = new List<JsonObject>();
            var validationSummaries = new List<JsonObject>();
            var trainingSet = TrainingSet.From(data);
            // Test metrics are reported, never used to choose anything; a user's dataset without a test file reports val.
            var reportSplit = data.Test.Count > 0 ? "test" : "val";
            if (data.Test.Count == 0)
            {
                context.Warn("No test split: the metrics below are on the validation split, which early stopping has seen.");
            }

            for (var run = 0; run < runs; run++)
            {
                var options = baseOptions with { Seed = parse.GetValue(seed) + run };
                var trained = await TrainWithProgressAsync(context, trainer, trainingSet, options, run, runs, cancellationToken).ConfigureAwait(false);
                var test = ModelEvaluator.Evaluate(
                    trained.Model, data.Name, reportSplit, data.Split(reportSplit), data.UnimodalPredictions, data.SubsetsOf(reportSplit));
                var testSummary = EvaluationSummary.ToJson(test);
                var summary = EvaluationSummary.ToDetailedJson(test);
                summary["seed"] = options.Seed;
                summaries.Add(summary);
                var validation = EvaluationSummary.ToDetailedJson(trained.Validation);
                validation["seed"] = options.Seed;
                validationSummaries.Add(validation);
                if (run == 0)
                {
                    var metrics = (JsonObject)trained.Manifest.Metrics.DeepClone();
                    if (reportSplit == "test")
                    {
                        metrics["test"] = testSummary;
                    }
                    await trained.SaveAsync(parse.GetRequiredValue(output).FullName, trained.Manifest with { Metrics = metrics }, cancellationToken).ConfigureAwait(false);
                    await context.Error.WriteLineAsync(
                        $"Model written to {parse.GetRequiredValue(output).FullName} ({trained.Model.Info.Id} {trained.Model.Info.Version}, {trained.Model.Info.Task.JsonName()})."
                    ).ConfigureAwait(false);
                    if (!parse.GetValue(json))
                    {
                        EvaluationOutput.WriteTables(context, test);
                    }
                }
            }

            foreach (var cached in CachedParts(postFeaturizer))
            {
                context.Error.WriteLine($"feature cache {cached.Cache.Directory} ({cached.Name}): {cached.Cache.Hits} hits, {cached.Cache.Misses} computed, {cached.Cache.Invalid} stale or corrupt (recomputed)");
            }

            var aggregate = Aggregate(summaries);
            aggregate["validation"] = Aggregate(validationSummaries);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(aggregate.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            }
            else if (runs > 1)
            {
                WriteAggregate(context, aggregate, runs);
            }

            return 0;
        });
        return command;
    }

    private static IEnumerable<CachingPostFeaturizer> CachedParts(IPostFeaturizer? featurizer) => featurizer switch
    {
        CachingPostFeaturizer cached => [cached],
        ConcatenatedFeaturizer concatenated => concatenated.Parts.SelectMany(CachedParts),
        _ => [],
    };

    private static HashedNgramOptions HashedOptions(
        ParseResult parse, HashedNgramOptions defaults, Option<int> wordBits, Option<int> charBits, Option<int> captionBits, Option<int> crossBits,
        Option<string> charNgrams, Option<bool> socialPlaceholders)
    {
        var sizes = parse.GetRequiredValue(charNgrams).Split('-');
        if (sizes.Length != 2 || !int.TryParse(sizes[0], CultureInfo.InvariantCulture, out var min) || !int.TryParse(sizes[1], CultureInfo.InvariantCulture, out var max))
        {
            throw new ArgumentException($"--char-ngrams takes MIN-MAX (e.g. 2-5), not '{parse.GetRequiredValue(charNgrams)}'.");
        }

        var options = defaults with
        {
            UtteranceWordBits = parse.GetValue(wordBits),
            UtteranceCharBits = parse.GetValue(charBits),
            CaptionWordBits = parse.GetValue(captionBits),
            CaptionCharBits = parse.GetValue(captionBits),
            CrossBits = parse.GetValue(crossBits),
            CharNgramMin = min,
            CharNgramMax = max,
            SocialPlaceholders = parse.GetValue(socialPlaceholders),
        };
        options.Validate();
        return options;
    }

    private static async Task<TrainedMmoeModel> TrainWithProgressAsync(
        CliContext context, MmoeTrainer trainer, TrainingSet data, MmoeTrainingOptions options, int run, int runs, CancellationToken cancellationToken)
    {
        var prefix = runs > 1 ? $"seed {options.Seed} ({run + 1}/{runs}): " : $"seed {options.Seed}: ";
        if (Console.IsErrorRedirected || !ReferenceEquals(context.Error, Console.Error))
        {
            var last = "";
            var lines = new Progress<TrainingProgress>(p =>
            {
                if (p.Stage != last)
                {
                    last = p.Stage;
                    context.Error.WriteLine($"{prefix}training {p.Stage} ({p.StageIndex + 1}/{p.StageCount})");
                }
            });
            return await trainer.TrainAsync(data, options, lines, cancellationToken).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TrainedMmoeModel? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(prefix + "starting", maxValue: 1);
                var reporter = new Progress<TrainingProgress>(p =>
                {
                    task.Description = Markup.Escape($"{prefix}{p.Stage} epoch {p.Epoch} (val loss {p.BestValidationLoss:F3})");
                    task.Value = (p.StageIndex + ((double)p.Epoch / p.MaxEpochs)) / p.StageCount;
                });
                result = await trainer.TrainAsync(data, options, reporter, cancellationToken).ConfigureAwait(false);
                task.Value = 1;
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>Mean and sample standard deviation of every headline metric over the runs.</summary>
    private static JsonObject Aggregate(IReadOnlyList<JsonObject> summaries)
    {
        var metrics = new List<(string Name, Func<JsonObject, double?> Read)>
        {
            ("alwaysPositiveF1", s => s["alwaysPositiveF1"]?.GetValue<double>()),
            ("majorityAccuracy", s => s["majorityAccuracy"]?.GetValue<double>()),
            ("rusAuc", s => s["rusAuc"]?.GetValue<double>()),
            ("baselineAccuracy", s => s["baselineAccuracy"]?.GetValue<double>()),
            ("baselineAuc", s => s["baselineAuc"]?.GetValue<double>()),
            ("routerAccuracy", s => s["routerAccuracy"]?.GetValue<double>()),
            ("textOnlyF1", s => s["textOnlyF1"]?.GetValue<double>()),
            ("imageOnlyF1", s => s["imageOnlyF1"]?.GetValue<double>()),
            ("rusAccuracy", s => s["rusAccuracy"]?.GetValue<double>()),
            ("routerMajorityAccuracy", s => s["routerMajorityAccuracy"]?.GetValue<double>()),
            ("rusMinusBaselineF1", s => s["rusMinusBaselineF1"]?["estimate"]?.GetValue<double>()),
            ("ece", s => s["ece"]?.GetValue<double>()),
            ("eceBeforeTemperature", s => s["eceBeforeTemperature"]?.GetValue<double>()),
        };
        metrics.InsertRange(0, Headline.Select(name => (name + "F1", (Func<JsonObject, double?>)(s => s["f1"]?[name]?.GetValue<double>()))));
        var mean = new JsonObject();
        var std = new JsonObject();
        foreach (var (name, read) in metrics)
        {
            var values = summaries.Select(read).OfType<double>().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var m = values.Average();
            mean[name] = Math.Round(m, 6);
            std[name] = Math.Round(values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Count - 1)) : 0, 6);
        }

        return new JsonObject
        {
            ["split"] = summaries[0]["split"]!.GetValue<string>(),
            ["seeds"] = new JsonArray(summaries.Select(s => (JsonNode)JsonValue.Create(s["seed"]!.GetValue<int>())).ToArray()),
            ["mean"] = mean,
            ["std"] = std,
            ["runs"] = new JsonArray(summaries.Select(s => (JsonNode)s.DeepClone()).ToArray()),
        };
    }

    private static void WriteAggregate(CliContext context, JsonObject aggregate, int runs)
    {
        var table = new Table().Title($"test split over {runs} seeds: mean ± std (validation in --json)").AddColumns("metric", "mean", "std");
        foreach (var (name, value) in aggregate["mean"]!.AsObject())
        {
            table.AddRow(name, value!.GetValue<double>().ToString("0.0000", CultureInfo.InvariantCulture),
                aggregate["std"]![name]!.GetValue<double>().ToString("0.0000", CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
    }
}
