#if MMOE_LLAMASHARP
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mmoe.Detection;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Gguf;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Validation;

namespace Mmoe.Cli.Commands;

/// <summary>
/// <c>mmoe detect-llama</c>: judges one post with a local Qwen2 GGUF and its LoRA experts (or shared-backbone
/// heads) through LLamaSharp. <see cref="RunAsync"/> is what a <c>detect --backend llamasharp</c> calls.
/// </summary>
internal static class LlamaSharpDetect
{
    public static Command Create(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "The post's text (the utterance)." };
        var model = new Option<FileInfo>("--model") { Description = "Qwen2 GGUF model (0.5B/1.5B/7B, any quantisation).", Required = true };
        var experts = new Option<DirectoryInfo?>("--experts") { Description = "Folder with R.gguf, U.gguf, AS.gguf, router.gguf and optionally baseline.gguf (LoRA adapters)." };
        var heads = new Option<FileInfo?>("--heads") { Description = "Trained heads (JSON) for the shared-backbone mode instead of LoRA experts." };
        var caption = new Option<string?>("--caption") { Description = "The image described as text (caption or alt text)." };
        var speaker = new Option<string?>("--speaker") { Description = "Who says the text." };
        var show = new Option<string?>("--show") { Description = "The show (MUStARD prompt)." };
        var dataset = new Option<string>("--prompt") { Description = "Reference prompt: mustard, mmsd or funny.", DefaultValueFactory = _ => "mustard" };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers to offload to the GPU (CUDA build); 0 = CPU only." };
        var nativeLibrary = new Option<string?>("--native-lib") { Description = "Path of your own llama.cpp shared library (libllama.so) or its folder." };
        var json = CommonOptions.Json();
        var command = new Command("detect-llama", "Judge a post with a local Qwen2 model and MMoE experts through LLamaSharp.")
        {
            text, model, experts, heads, caption, speaker, show, dataset, gpuLayers, nativeLibrary, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LlamaSharpMmoeOptions
            {
                ModelPath = parse.GetRequiredValue(model).FullName,
                Prompt = ReferencePrompts.ForDataset(parse.GetRequiredValue(dataset)),
                GpuLayerCount = parse.GetValue(gpuLayers),
                NativeLibraryPath = parse.GetValue(nativeLibrary),
            };
            if (parse.GetValue(heads) is { } headsFile)
            {
                options.Mode = ExpertMode.SharedBackbone;
                options.HeadsPath = headsFile.FullName;
            }
            else
            {
                var folder = parse.GetValue(experts) ?? throw new ArgumentException("Give --experts (LoRA adapters folder) or --heads (shared-backbone heads).");
                options.Adapters = ExpertAdapterPaths.FromDirectory(folder.FullName);
            }

            var post = new SocialPost
            {
                Text = parse.GetRequiredValue(text),
                Caption = parse.GetValue(caption),
                Speaker = parse.GetValue(speaker),
                Metadata = parse.GetValue(show) is { } name ? new Dictionary<string, string> { ["show"] = name } : new Dictionary<string, string>(),
            };
            var verdict = await RunAsync(options, post, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(verdict, JsonOutput.Options) : Describe(verdict)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Loads the model, judges the post, and turns model-file problems into user-facing errors.</summary>
    public static async Task<MmoeVerdict> RunAsync(LlamaSharpMmoeOptions options, SocialPost post, CancellationToken cancellationToken)
    {
        try
        {
            using var detector = LlamaSharpDetector.Create(options);
            return await detector.DetectAsync(post, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelValidationException or GgufFormatException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static string Describe(MmoeVerdict verdict) => string.Create(CultureInfo.InvariantCulture,
        $"{(verdict.IsSarcastic ? "sarcastic" : "not sarcastic")} (p = {verdict.Probability:0.000}), driven by {verdict.DrivingInteraction.ToString().ToLowerInvariant()} " +
        $"(R {verdict.InteractionWeights.Redundancy:0.00}, U {verdict.InteractionWeights.Uniqueness:0.00}, S {verdict.InteractionWeights.Synergy:0.00})");
}
#endif
