using System.CommandLine;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Models;
using Mmoe.LlamaSharp.Prompts;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe pack-lora</c>: turns a Qwen2 GGUF and its LoRA expert adapters into a model folder that <c>--model</c> loads.</summary>
internal static class PackLoraCommand
{
    public static Command Create(CliContext context)
    {
        var gguf = new Option<FileInfo>("--gguf") { Description = "The Qwen2 GGUF the adapters were trained on (referenced by name, size and SHA-256; not copied).", Required = true };
        var experts = new Option<DirectoryInfo>("--experts")
        {
            Description = "Folder with the GGUF LoRA adapters R.gguf, U.gguf, AS.gguf (or S.gguf), router.gguf and optionally baseline.gguf (convert PEFT adapters with llama.cpp's convert_lora_to_gguf.py).",
            Required = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Model folder to write (the adapters are copied in).", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "Reference prompt the adapters were trained on: mustard, mmsd or funny.", DefaultValueFactory = _ => "mustard" };
        var id = new Option<string?>("--id") { Description = "Model id reported in verdicts (default: the GGUF's file name)." };
        var answers = new Option<string>("--answer-tokens")
        {
            Description = "reference: read \"yes\"/\"no\"/\"1\"/\"2\"/\"3\" without a leading space, as the reference's training does; leading-space: \" yes\"/\" no\".",
            DefaultValueFactory = _ => "reference",
        };
        answers.AcceptOnlyFromAmong("reference", "leading-space");
        var command = new Command("pack-lora", "Write a LoRA-expert model folder (the reference design) from a Qwen2 GGUF and its adapters; every adapter is checked against the GGUF first.")
        {
            gguf, experts, output, prompt, id, answers,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ggufFile = parse.GetRequiredValue(gguf);
            var promptName = parse.GetRequiredValue(prompt).Trim().ToLowerInvariant();
            try
            {
                var manifest = await LoraModelFolder.WriteAsync(
                    parse.GetRequiredValue(output).FullName,
                    parse.GetValue(id) ?? Path.GetFileNameWithoutExtension(ggufFile.Name),
                    ggufFile.FullName,
                    ExpertAdapterPaths.FromDirectory(parse.GetRequiredValue(experts).FullName),
                    ReferencePrompts.ForDataset(promptName),
                    promptName,
                    LoraExpertsManifest.ReadStyle(parse.GetRequiredValue(answers)),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"wrote {parse.GetRequiredValue(output).FullName}: {manifest.Id} on {manifest.Gguf.Path} (SHA-256 {manifest.Gguf.Sha256[..12]}…), adapters {string.Join(", ", manifest.Adapters.Select(pair => $"{pair.Key}={pair.Value}"))}").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is LlamaSharp.Validation.ModelValidationException or LlamaSharp.Gguf.GgufFormatException)
            {
                throw new InvalidDataException(ex.Message, ex);
            }

            return 0;
        });
        return command;
    }
}
