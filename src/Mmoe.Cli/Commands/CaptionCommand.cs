using System.CommandLine;
using System.Text.Json;
using Mmoe.Onnx;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe caption</c>: describes images with an ONNX image-to-text model (no LLM needed).</summary>
internal static class CaptionCommand
{
    public static Command Create(CliContext context)
    {
        var captioner = new Option<DirectoryInfo>("--captioner")
        {
            Description = "Folder of an image captioner exported to ONNX with past key values (encoder_model.onnx, decoder_model.onnx, decoder_with_past_model.onnx and its tokenizer and configs; see the README's 'ONNX backend').",
            Required = true,
        };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per caption (default: the model's generation config, else 32)." };
        var batch = new Option<int>("--batch") { Description = "Images per encoder/decoder run.", DefaultValueFactory = _ => 8 };
        var json = CommonOptions.Json();
        var images = new Argument<FileInfo[]>("images") { Description = "Image files (JPEG, PNG, WebP, GIF, BMP).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("caption", "Caption images with an ONNX vision encoder–decoder: greedy decoding up to a length limit.")
        {
            captioner, maxTokens, batch, json, images,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = parse.GetRequiredValue(images);
            using var model = new OnnxImageCaptioner(new OnnxCaptionerOptions
            {
                ModelDirectory = parse.GetRequiredValue(captioner).FullName,
                MaxNewTokens = parse.GetValue(maxTokens),
                BatchSize = parse.GetValue(batch),
            });
            var captions = await model.CaptionBatchAsync(files.Select(file => PostImage.FromFile(file.FullName)).ToList(), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var document = files.Zip(captions, (file, caption) => new Dictionary<string, object>
                {
                    ["image"] = file.Name,
                    ["caption"] = caption.Text,
                    ["tokens"] = caption.TokenIds.Count,
                    ["truncated"] = caption.Truncated,
                });
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, JsonOutput.Options)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (file, caption) in files.Zip(captions))
                {
                    await context.Out.WriteLineAsync($"{file.Name}\t{caption.Text}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}
