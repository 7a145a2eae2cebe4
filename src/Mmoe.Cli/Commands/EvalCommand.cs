using System.CommandLine;
using Mmoe.Cli.Featurizers;
using System.Text.Json;
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
            var loaded = await MmoeModels.LoadModelAsync(modelDirectory, FeaturizerFactory.LoadOptions(selection, modelDirectory, cacheEncoders: true), cancellationToken).ConfigureAwait(false);
            using var ownedFeaturizer = loaded.Featurizer as IDisposable;
            var data = PostImageFolder.Attach(await dataOptions.LoadAsync(parse, context, cancellationToken).ConfigureAwait(false), selection.ImagesDirectory);
            var splitName = parse.GetRequiredValue(split);
            var items = data.Split(splitName);
            if (loaded.Info.Task != data.Task)
            {
                context.Warn($"The model answers {loaded.Info.Task.JsonName()} but {data.Name}'s labels are {data.Task.JsonName()}.");
            }

            var evaluation = ModelEvaluator.Evaluate(loaded, data.Name, splitName, items, data.UnimodalPredictions, data.SubsetsOf(splitName));
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
}
