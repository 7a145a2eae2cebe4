using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Mmoe.Detection;
using Mmoe.Mcp;
using Mmoe.Models;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>detect_humor: offered only with a humour model behind it, answered by that model, and explained as humour.</summary>
public sealed class DetectHumorTests : IDisposable
{
    private readonly string _humorModel = Directory.CreateTempSubdirectory("mmoe-humor-model-").FullName;

    public DetectHumorTests()
    {
        // The embedded default's weights under a manifest that says humor: a humour model as far as the plugin can tell.
        var (manifest, tensors) = ModelFolder.ReadAsync(DefaultModelFolder()).GetAwaiter().GetResult();
        ModelFolder.WriteAsync(_humorModel, manifest with { Id = "test-humor", Task = DetectionTask.Humor }, tensors).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_humorModel, recursive: true);

    [Fact]
    public void Without_a_humour_model_detect_humor_is_not_offered()
    {
        var kernel = TestKernels.Create();

        Assert.DoesNotContain(kernel.GetMmoeFunctions(), function => function.Name == MmoePlugin.DetectHumorName);
        Assert.Contains(kernel.GetMmoeFunctions(), function => function.Name == "detect_sarcasm");
    }

    [Fact]
    public async Task Called_anyway_without_a_humour_model_it_says_how_to_configure_one()
    {
        var kernel = TestKernels.Create();
        var plugin = kernel.Services.GetRequiredService<MmoePlugin>();

        var error = await Assert.ThrowsAsync<MmoeToolException>(() => plugin.DetectHumorAsync("And that's why I never fly."));

        Assert.Equal(ToolErrorCodes.NoHumorModel, error.Code);
        Assert.Contains("mmoe train --root ../shared/data/mmoe-reference --dataset urfunny", error.Message, StringComparison.Ordinal);
        Assert.Contains("HumorModelPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_humour_model_detect_humor_answers_as_that_model_and_says_humour()
    {
        var kernel = TestKernels.Create(options => options.HumorModelPath = _humorModel);
        Assert.Contains(kernel.GetMmoeFunctions(), function => function.Name == MmoePlugin.DetectHumorName);

        var verdict = (await kernel.InvokeAsync<HumorVerdict>(
            MmoePlugin.PluginName, MmoePlugin.DetectHumorName, new() { ["text"] = "I'm a newspaper cartoonist. Newspapers: a sort of paper-based reader.", ["context"] = "So yeah." }))!;

        Assert.Equal(("test-humor", DetectionTask.Humor), (verdict.Model.Id, verdict.Model.Task));
        Assert.InRange(verdict.Probability, 0, 1);
        Assert.Contains(verdict.IsHumorous ? ": humorous (p=" : ": not humorous (p=", verdict.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("sarcas", verdict.Explanation, StringComparison.Ordinal);

        // detect_sarcasm keeps answering with the sarcasm detector.
        var sarcasm = await kernel.DetectAsync("Oh great, another Monday.");
        Assert.Equal(DetectionTask.Sarcasm, sarcasm.Model.Task);
    }

    [Fact]
    public async Task A_sarcasm_model_given_as_the_humour_model_is_refused_at_startup()
    {
        var kernel = TestKernels.Create(options => options.HumorModelPath = DefaultModelFolder());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => kernel.Services.GetMmoeDetectorAsync());

        Assert.Contains("HumorModelPath names a model that answers sarcasm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mcp_server_lists_detect_humor_only_with_a_humour_model()
    {
        await using var without = MmoeMcpServer.Create(services => services.AddSingleton<IMmoeDetector>(new LexicalTestDetector()).AddMmoe(), NullLoggerFactory.Instance);
        await using var with = MmoeMcpServer.Create(
            services => services.AddSingleton<IMmoeDetector>(new LexicalTestDetector()).AddMmoe(options => options.HumorModelPath = _humorModel),
            NullLoggerFactory.Instance);

        Assert.DoesNotContain(without.Tools, tool => tool.ProtocolTool.Name == MmoePlugin.DetectHumorName);
        Assert.Contains(with.Tools, tool => tool.ProtocolTool.Name == MmoePlugin.DetectHumorName);
    }

    private static string DefaultModelFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agents.sln")))
            {
                return Path.Combine(directory.FullName, "models", "default");
            }
        }

        throw new InvalidOperationException($"No Agents.sln above {AppContext.BaseDirectory}.");
    }
}
