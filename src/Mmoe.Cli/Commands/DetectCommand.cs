using System.CommandLine;
using System.Text.Json;
using Mmoe.Cli.Featurizers;
using Mmoe.Detection;
using Mmoe.Models;
using Mmoe.Text;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe detect</c>: judges posts with a trained model (the embedded default unless --model is given).</summary>
internal static class DetectCommand
{
    /// <summary>Posts judged per detector call when streaming --input (encoder featurizers batch them).</summary>
    private const int BatchSize = 64;

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
            Description = "A model folder: written by 'mmoe train' (any featurizer, Qwen2 hidden states included) or 'mmoe pack-lora' (LoRA experts), or embedded:mmsd-ngram for the embedded n-gram model (no encoder, fastest). Omit it for the embedded default (MiniLM + n-grams, trained on MMSD2.0).",
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
        var maxLineBytes = new Option<int>("--max-line-bytes")
        {
            Description = "Longest line of --input read, in bytes; longer lines are reported and skipped.",
            DefaultValueFactory = _ => JsonLinesReader.DefaultMaxLineBytes,
        };
        command.Options.Add(maxLineBytes);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(text);
            var file = parse.GetValue(input);
            if (single is null && file is null)
            {
                throw new ArgumentException("Nothing to judge: give the post's text, or --input with a JSON Lines file of posts.");
            }

            if (parse.GetValue(maxLineBytes) < 1024)
            {
                throw new ArgumentException($"--max-line-bytes is {parse.GetValue(maxLineBytes)}; use at least 1024.");
            }

            SocialPost? post = null;
            if (single is not null)
            {
                post = new SocialPost
                {
                    Text = Validated(single, "text")!,
                    Caption = Validated(parse.GetValue(caption), "caption"),
                    Image = parse.GetValue(image) is { } imageFile ? PostImage.FromFile(imageFile.FullName) : null,
                    Speaker = parse.GetValue(speaker),
                    Context = (parse.GetValue(contextTurns) ?? []).Select(turn => new DialogueTurn(null, turn)).ToList(),
                    Metadata = parse.GetValue(show) is { } name ? new Dictionary<string, string> { ["show"] = name } : new Dictionary<string, string>(),
                };
            }

            var selection = featurizerOptions.Read(parse);
            var modelDirectory = parse.GetValue(model) is { } folder
                ? folder == Mmoe.Models.MmoeModels.EmbeddedNgramModel ? folder : Path.GetFullPath(folder)
                : null;
            if (modelDirectory is not null && File.Exists(modelDirectory) && modelDirectory.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("--model takes a model folder, not a GGUF: train one with 'mmoe train --featurizer qwen --gguf FILE', or pack LoRA experts with 'mmoe pack-lora'.");
            }

            var detector = await MmoeModels.LoadAsync(modelDirectory, FeaturizerFactory.LoadOptions(selection, modelDirectory), cancellationToken).ConfigureAwait(false);
            using var disposeDetector = detector as IDisposable;
            var writer = new VerdictWriter(context, parse.GetValue(json), detector.Model);
            if (post is not null)
            {
                var posts = PostImageFolder.Attach([post], selection.ImagesDirectory);
                var verdict = (await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false))[0];
                if (file is null && parse.GetValue(json))
                {
                    await context.Out.WriteLineAsync(VerdictJson.Serialize(verdict, indented: true)).ConfigureAwait(false);
                    return 0;
                }

                await writer.WriteAsync([(0, posts[0], verdict, null)]).ConfigureAwait(false);
            }

            var failedLines = 0;
            if (file is not null)
            {
                failedLines = await JudgeLinesAsync(context, file.FullName, parse.GetValue(maxLineBytes), detector, selection.ImagesDirectory, writer, cancellationToken).ConfigureAwait(false);
            }

            return failedLines == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// Streams a JSON Lines file through the detector in batches of <see cref="BatchSize"/>: memory stays bounded, every
    /// bad line is reported with its number and the run goes on, and results are written (and flushed) a batch at a time.
    /// Cancellation is observed between batches and while reading, never inside a written line. Returns how many lines failed.
    /// </summary>
    private static async Task<int> JudgeLinesAsync(
        CliContext context, string path, int maxLineBytes, IMmoeDetector detector, string? images, VerdictWriter writer, CancellationToken cancellationToken)
    {
        var failed = 0;
        var batch = new List<(int Line, SocialPost? Post, string? Error)>(BatchSize);
        await using var reader = await JsonLinesReader.OpenAsync(path, maxLineBytes, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var line = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (line is not null)
            {
                try
                {
                    batch.Add((line.Number, PostsFile.Parse(line), null));
                }
                catch (InvalidDataException ex)
                {
                    batch.Add((line.Number, null, ex.Message));
                }
            }

            if (batch.Count == BatchSize || (line is null && batch.Count > 0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = await JudgeBatchAsync(detector, batch, images, cancellationToken).ConfigureAwait(false);
                foreach (var result in results.Where(result => result.Error is not null))
                {
                    failed++;
                    await context.Error.WriteLineAsync(TerminalText.Escape($"error: {path}:{result.Line}: {result.Error}")).ConfigureAwait(false);
                }

                await writer.WriteAsync(results).ConfigureAwait(false);
                batch.Clear();
            }

            if (line is null)
            {
                return failed;
            }
        }
    }

    /// <summary>One detector call for the batch's good lines; if it fails, each post alone, so a post the detector chokes on fails only its line.</summary>
    private static async Task<IReadOnlyList<(int Line, SocialPost? Post, MmoeVerdict? Verdict, string? Error)>> JudgeBatchAsync(
        IMmoeDetector detector, List<(int Line, SocialPost? Post, string? Error)> batch, string? images, CancellationToken cancellationToken)
    {
        var good = batch.Where(item => item.Post is not null).ToList();
        var posts = PostImageFolder.Attach(good.Select(item => item.Post!).ToList(), images);
        var verdicts = new Dictionary<int, (MmoeVerdict? Verdict, string? Error)>();
        try
        {
            var judged = await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < good.Count; i++)
            {
                verdicts[good[i].Line] = (judged[i], null);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < good.Count; i++)
            {
                try
                {
                    verdicts[good[i].Line] = (await detector.DetectAsync(posts[i], cancellationToken).ConfigureAwait(false), null);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    verdicts[good[i].Line] = (null, "the detector failed on this post: " + ex.Message);
                }
            }
        }

        return batch.Select(item => item.Post is null
                ? (item.Line, (SocialPost?)null, (MmoeVerdict?)null, item.Error)
                : (item.Line, item.Post, verdicts[item.Line].Verdict, verdicts[item.Line].Error))
            .ToList();
    }

    private static string? Validated(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return PostTextValidator.Clean(value, field);
        }
        catch (InvalidPostTextException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
