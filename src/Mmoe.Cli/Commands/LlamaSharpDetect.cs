using System.CommandLine;
using Mmoe.Detection;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Gguf;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Validation;

namespace Mmoe.Cli.Commands;

/// <summary>
/// The options and detector of <c>mmoe detect --backend llamasharp</c>: a local Qwen2 GGUF (given as --model)
/// with LoRA experts (--experts) or shared-backbone heads (--heads), through LLamaSharp.
/// </summary>
internal sealed class LlamaSharpDetect
{
    private readonly Option<DirectoryInfo?> _experts = new("--experts") { Description = "llamasharp: folder with R.gguf, U.gguf, AS.gguf, router.gguf and optionally baseline.gguf (LoRA adapters)." };
    private readonly Option<FileInfo?> _heads = new("--heads") { Description = "llamasharp: trained heads (JSON) for the shared-backbone mode instead of LoRA experts." };
    private readonly Option<string> _prompt = new("--prompt") { Description = "llamasharp: reference prompt, mustard, mmsd or funny.", DefaultValueFactory = _ => "mustard" };
    private readonly Option<int> _gpuLayers = new("--gpu-layers") { Description = "llamasharp: layers to offload to the GPU (CUDA build); 0 = CPU only." };
    private readonly Option<string?> _nativeLibrary = new("--native-lib") { Description = "llamasharp: path of your own llama.cpp shared library (libllama.so) or its folder." };

    public void AddTo(Command command)
    {
        command.Options.Add(_experts);
        command.Options.Add(_heads);
        command.Options.Add(_prompt);
        command.Options.Add(_gpuLayers);
        command.Options.Add(_nativeLibrary);
    }

    /// <summary>Loads the model and its experts, turning model-file problems into user-facing errors.</summary>
    public LlamaSharpDetector CreateDetector(ParseResult parse, string modelPath)
    {
        var options = new LlamaSharpMmoeOptions
        {
            ModelPath = modelPath,
            Prompt = ReferencePrompts.ForDataset(parse.GetRequiredValue(_prompt)),
            GpuLayerCount = parse.GetValue(_gpuLayers),
            NativeLibraryPath = parse.GetValue(_nativeLibrary),
        };
        if (parse.GetValue(_heads) is { } headsFile)
        {
            options.Mode = ExpertMode.SharedBackbone;
            options.HeadsPath = headsFile.FullName;
        }
        else
        {
            var folder = parse.GetValue(_experts) ?? throw new ArgumentException("--backend llamasharp needs --experts (LoRA adapters folder) or --heads (shared-backbone heads).");
            options.Adapters = ExpertAdapterPaths.FromDirectory(folder.FullName);
        }

        try
        {
            return LlamaSharpDetector.Create(options);
        }
        catch (Exception ex) when (ex is ModelValidationException or GgufFormatException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
