using System.CommandLine;
using Mmoe.Cli.Featurizers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mmoe.Models;
using Mmoe.Models.Evaluation;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe eval</c>: scores a trained model on a split of a reference dataset.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = ModelOption.Create();
        var dataOptions = new DatasetOptions();
        var split = CommonOptions.Split();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Score a model (the embedded default unless --model is given): baseline, every fusion strategy, per interaction, router accuracy.")
        {
            model, split, json,
        };
        dataOptions.AddTo(command);
        var featurizerOptions = new FeaturizerOptions();
        featurizerOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var selection = featurizerOptions.Read(parse);
            var modelDirectory = ModelOption.Directory(parse, model);
            // The one loader: heads over a featurizer come back as a managed detector, LoRA-expert folders as their backend's.
            var detector = await MmoeModels.LoadAsync(modelDirectory, FeaturizerFactory.LoadOptions(selection, modelDirectory, cacheEncoders: true), cancellationToken).ConfigureAwait(false);
            using var owned = detector as IDisposable;
            var data = PostImageFolder.Attach(await dataOptions.LoadAsync(parse, context, cancellationToken).ConfigureAwait(false), selection.ImagesDirectory);
            var splitName = parse.GetRequiredValue(split);
            var items = data.Split(splitName);
            if (detector.Model.Task != data.Task)
            {
                context.Warn($"The model answers {detector.Model.Task.JsonName()} but {data.Name}'s labels are {data.Task.JsonName()}.");
            }

            ModelEvaluation evaluation;
            if (detector is ManagedMmoeDetector managed)
            {
                WarnOnOtherCaptions(context, managed.LinearModel.Manifest.Training["captions"] as JsonObject, data.CaptionSource);
                // A linear model exposes its heads' raw scores: every row, the baseline at its own threshold, ECE before temperature.
                evaluation = ModelEvaluator.Evaluate(managed.LinearModel, data.Name, splitName, items, data.UnimodalPredictions, data.SubsetsOf(splitName));
            }
            else
            {
                await context.Error.WriteLineAsync($"evaluating {detector.Model.Id} through its verdicts on {items.Count} {splitName} posts").ConfigureAwait(false);
                var progress = new InlineProgress<int>(done => context.Error.WriteLine($"eval: {done}/{items.Count} posts"));
                evaluation = await DetectorEvaluator.EvaluateAsync(
                    detector, data.Name, splitName, items, data.UnimodalPredictions, data.SubsetsOf(splitName), progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            foreach (var warning in evaluation.Report.Warnings)
            {
                context.Warn(warning);
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(EvaluationOutput.ToJson(evaluation), JsonOutput.Options)).ConfigureAwait(false);
            }
            else
            {
                EvaluationOutput.WriteTables(context, evaluation);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// A model trained on one captioner's captions scores differently on another's (or on none): say so, since the
    /// numbers would otherwise pass for the model's.
    /// </summary>
    private static void WarnOnOtherCaptions(CliContext context, JsonObject? trainedOn, JsonObject? given)
    {
        static string? Key(JsonObject? source) => source?["captioner"]?["key"]?.GetValue<string>();
        static string Describe(JsonObject source) =>
            $"{source["file"]?.GetValue<string>()} (" + (source["captioner"] is JsonObject captioner
                ? $"captioner {captioner["name"]?.GetValue<string>()} {Key(source)?[..Math.Min(12, Key(source)!.Length)]}"
                : "no captioner recorded") + ")";
        if (trainedOn is null)
        {
            return;
        }

        if (given is null)
        {
            context.Warn($"The model was trained on the captions in {Describe(trainedOn)}; without --captions the posts carry the dataset's own captions, if any.");
        }
        else if (Key(given) != Key(trainedOn) || (Key(given) is null && given["sha256"]?.GetValue<string>() != trainedOn["sha256"]?.GetValue<string>()))
        {
            context.Warn($"The model was trained on the captions in {Describe(trainedOn)}, not on those of {Describe(given)}.");
        }
    }
}
