using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mmoe.Cli.Featurizers;
using Mmoe.Detection;
using Mmoe.Models;
using Mmoe.Reference;
using Spectre.Console;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe detect</c>: judges posts with a trained model (the embedded default unless --model is given).</summary>
internal static class DetectCommand
{
    public static Command Create(CliContext context)
    {
        var text = new Argument<string?>("text") { Description = "The post's text (or the line of dialogue).", Arity = ArgumentArity.ZeroOrOne };
        var caption = new Option<string?>("--caption") { Description = "A description of the post's image (caption or alt text)." };
        var contextTurns = new Option<string[]>("--context")
        {
            Description = "An earlier line of the dialogue, oldest first; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var speaker = new Option<string?>("--speaker") { Description = "Who says the text." };
        var input = new Option<FileInfo?>("--input")
        {
            Description = "A JSON Lines file of posts: {\"id\", \"text\", \"caption\", \"speaker\", \"context\": [\"...\" or {\"speaker\", \"text\"}]} per line.",
        };
        var show = new Option<string?>("--show") { Description = "The show or source the dialogue comes from (read by the reference prompts)." };
        var model = new Option<string?>("--model")
        {
            Description = "A model folder: written by 'mmoe train' (any featurizer, Qwen2 hidden states included) or 'mmoe pack-lora' (LoRA experts). Omit it for the embedded default, trained on MUStARD.",
        };
        var json = CommonOptions.Json();
        var command = new Command("detect", "Is this post sarcastic, and which interaction (redundancy, uniqueness, synergy) drives that?")
        {
            text, caption, contextTurns, speaker, show, input, model, json,
        };
        var image = new Option<FileInfo?>("--image") { Description = "The post's image file, for models that read images (--featurizer onnx-clip)." };
        command.Options.Add(image);
        var featurizerOptions = new FeaturizerOptions();
        featurizerOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var posts = new List<SocialPost>();
            if (parse.GetValue(text) is { } single)
            {
                posts.Add(new SocialPost
                {
                    Text = single,
                    Caption = parse.GetValue(caption),
                    Image = parse.GetValue(image) is { } imageFile ? PostImage.FromFile(imageFile.FullName) : null,
                    Speaker = parse.GetValue(speaker),
                    Context = (parse.GetValue(contextTurns) ?? []).Select(turn => new DialogueTurn(null, turn)).ToList(),
                    Metadata = parse.GetValue(show) is { } name ? new Dictionary<string, string> { ["show"] = name } : new Dictionary<string, string>(),
                });
            }

            if (parse.GetValue(input) is { } file)
            {
                posts.AddRange(await PostsJsonl.ReadPostsAsync(file.FullName, cancellationToken).ConfigureAwait(false));
            }

            if (posts.Count == 0)
            {
                throw new ArgumentException("Nothing to judge: give the post's text, or --input with a JSON Lines file of posts.");
            }

            var selection = featurizerOptions.Read(parse);
            posts = PostImageFolder.Attach(posts, selection.ImagesDirectory).ToList();
            var modelDirectory = parse.GetValue(model) is { } folder ? Path.GetFullPath(folder) : null;
            if (modelDirectory is not null && File.Exists(modelDirectory) && modelDirectory.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("--model takes a model folder, not a GGUF: train one with 'mmoe train --featurizer qwen --gguf FILE', or pack LoRA experts with 'mmoe pack-lora'.");
            }

            var detector = await MmoeModels.LoadAsync(modelDirectory, FeaturizerFactory.LoadOptions(selection, modelDirectory), cancellationToken).ConfigureAwait(false);
            using var disposeDetector = detector as IDisposable;
            var verdicts = await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                // The plugin's and MCP's verdict shape; a batch prints one moderate_posts item ({index, id, verdict}) per line.
                if (verdicts.Count == 1 && parse.GetValue(input) is null)
                {
                    await context.Out.WriteLineAsync(VerdictJson.Serialize(verdicts[0], indented: true)).ConfigureAwait(false);
                }
                else
                {
                    for (var i = 0; i < verdicts.Count; i++)
                    {
                        await context.Out.WriteLineAsync(VerdictJson.SerializeItem(i, posts[i].Id, verdicts[i])).ConfigureAwait(false);
                    }
                }
            }
            else
            {
                WriteTable(context, posts, verdicts, detector.Model);
            }

            return 0;
        });
        return command;
    }

    private static void WriteTable(CliContext context, IReadOnlyList<SocialPost> posts, IReadOnlyList<MmoeVerdict> verdicts, ModelInfo model)
    {
        var table = new Table().Title($"{model.Id} {model.Version} ({model.Task.JsonName()})")
            .AddColumns("post", model.Task.Adjective(), "p", "driver", "R/U/S weights", "text", "image");
        for (var i = 0; i < posts.Count; i++)
        {
            var verdict = verdicts[i];
            var w = verdict.InteractionWeights;
            var label = posts[i].Id is { } id ? $"{id}: {posts[i].Text}" : posts[i].Text;
            table.AddRow(
                Markup.Escape(label.Length > 32 ? label[..29] + "..." : label),
                verdict.IsSarcastic ? "yes" : "no",
                P(verdict.Probability),
                verdict.DrivingInteraction.Letter(),
                $"{P(w.Redundancy)}/{P(w.Uniqueness)}/{P(w.Synergy)}",
                verdict.Unimodal.TextOnly is { } t ? P(t) : "-",
                verdict.Unimodal.ImageOnly is { } im ? P(im) : "-");
        }

        context.Console.Write(table);
    }

    private static string P(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
