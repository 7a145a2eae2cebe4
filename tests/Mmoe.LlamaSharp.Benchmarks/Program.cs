using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Benchmarks;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Tests.Utilities;

// Usage: dotnet run -c Release --project tests/Mmoe.LlamaSharp.Benchmarks -- [--shape 0.5b|1.5b|7b] [--type f16|q8_0]
//        [--model GGUF --experts DIR] [--batches 1,8,32] [--rounds 3] [--prompt-tokens 160] [--threads N]
//        [--reuse on,off] [--designs lora,shared] [--gpu-layers N] [--native-lib PATH] [--keep DIR]
// Without --model, a random-weight GGUF at the real Qwen2 shape and four LoRA adapters (r = 16 on q/k, as the
// reference's PEFT adapters) are generated in a scratch folder outside the repository and deleted afterwards.
string? Argument(string name) => args.Select((value, index) => (value, index)).Where(p => p.value == name && p.index + 1 < args.Length).Select(p => args[p.index + 1]).FirstOrDefault();
int IntArgument(string name, int fallback) => Argument(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
var shape = QwenShape.Parse(Argument("--shape") ?? "0.5b");
var type = (Argument("--type") ?? "f16").ToLowerInvariant() switch
{
    "f16" => GgmlTensorType.F16,
    "q8_0" => GgmlTensorType.Q8_0,
    var other => throw new ArgumentException($"--type is f16 or q8_0, not '{other}'."),
};
var batches = (Argument("--batches") ?? "1,8,32").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
var rounds = IntArgument("--rounds", 3);
var reuseSettings = (Argument("--reuse") ?? "on,off").Split(',').Select(r => r.Trim() switch
{
    "on" => true,
    "off" => false,
    var other => throw new ArgumentException($"--reuse takes on and/or off, not '{other}'."),
}).ToArray();
var designs = (Argument("--designs") ?? "lora,shared").Split(',').Select(d => d.Trim()).ToArray();
if (designs.Except(["lora", "shared"]).FirstOrDefault() is { } unknownDesign)
{
    throw new ArgumentException($"--designs takes lora and/or shared, not '{unknownDesign}'.");
}

var promptTokens = IntArgument("--prompt-tokens", 160);
var threads = IntArgument("--threads", Environment.ProcessorCount);
var keep = Argument("--keep");
var scratch = keep ?? Path.Combine(Path.GetTempPath(), "mmoe-llama-bench-" + Environment.ProcessId);
Directory.CreateDirectory(scratch);
try
{
    var modelPath = Argument("--model");
    var experts = Argument("--experts");
    if (modelPath is null)
    {
        modelPath = Path.Combine(scratch, $"qwen2-{shape.Name}-random-{type.ToString().ToLowerInvariant()}.gguf");
        experts = Path.Combine(scratch, "experts");
        if (!File.Exists(modelPath))
        {
            var generation = Stopwatch.StartNew();
            shape.WriteModel(modelPath, type);
            Directory.CreateDirectory(experts);
            var seed = 100;
            foreach (var role in new[] { "R", "U", "AS", "router" })
            {
                shape.WriteAdapter(Path.Combine(experts, role + ".gguf"), seed++);
            }

            Console.Error.WriteLine($"generated {modelPath} ({new FileInfo(modelPath).Length / 1e6:F0} MB) and 4 adapters in {generation.Elapsed.TotalSeconds:F0} s");
        }
    }

    var options = new LlamaSharpMmoeOptions
    {
        ModelPath = modelPath,
        Adapters = experts is null ? null : ExpertAdapterPaths.FromDirectory(experts),
        Prompt = ReferencePrompts.Mmsd,
        MaxPromptTokens = promptTokens + 32,
        ContextSize = Math.Max(8192, (batches.Max() + 1) * (promptTokens + 32)),
        BatchSize = 512,
        Threads = threads,
        GpuLayerCount = IntArgument("--gpu-layers", 0),
        NativeLibraryPath = Argument("--native-lib"),
        KvCacheType = KvCacheType.F16,
    };
    var bench = new QwenPathBenchmark(options, promptTokens, rounds, designs.Contains("lora"), designs.Contains("shared"));
    Console.WriteLine($"Qwen2-{shape.Name} shape, {type} weights (random), prompts of {promptTokens} tokens (the reference MMSD2.0 prompt with a caption), {threads} threads, {Environment.ProcessorCount} logical cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start; medians of the rounds after a one-post warm-up.");
    Console.WriteLine();
    bench.Run(batches, reuseSettings);
    Console.WriteLine();
    Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
finally
{
    if (keep is null && Directory.Exists(scratch))
    {
        Directory.Delete(scratch, recursive: true);
    }
}
