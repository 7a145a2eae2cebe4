using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>The usual Semantic Kernel registrations and the Microsoft.Extensions.AI helper, each resolving the plugin's dependencies from services.</summary>
public sealed class SemanticKernelRegistrationTests
{
    [Fact]
    public async Task AddFromType_builds_the_plugin_from_the_kernel_services_and_uses_the_registered_detector()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
        builder.Plugins.AddFromType<MmoePlugin>(MmoePlugin.PluginName);
        var kernel = builder.Build();

        var verdict = await kernel.DetectAsync("Oh great, another Monday", "a flooded street");

        Assert.Equal(TestKernels.Expected("Oh great, another Monday", "a flooded street").Probability, verdict.Probability);
    }

    [Fact]
    public async Task ImportPluginFromType_without_any_registration_answers_with_the_default_model()
    {
        var kernel = new Kernel();
        kernel.ImportPluginFromType<MmoePlugin>(MmoePlugin.PluginName);

        var verdict = await kernel.DetectAsync("Oh great, another Monday.", "A man rolls his eyes.");

        Assert.Equal("mmoe-mmsd-minilm", verdict.Model.Id);
    }

    [Fact]
    public async Task AddFromType_after_AddMmoe_uses_its_options()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
        builder.Services.AddMmoe(options => options.Threshold = 0.999);
        builder.Plugins.AddFromType<MmoePlugin>("moderation");
        var kernel = builder.Build();

        var verdict = (await kernel.InvokeAsync<SarcasmVerdict>("moderation", "detect_sarcasm", new() { ["text"] = "Oh great, another Monday" }))!;

        Assert.Equal(verdict.Probability >= 0.999, verdict.IsSarcastic);
        Assert.False(verdict.IsSarcastic);
    }

    [Fact]
    public void AddFromType_with_invalid_options_fails_when_the_kernel_is_built()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddMmoe(options => options.MaxBatchSize = 0);
        builder.Plugins.AddFromType<MmoePlugin>("moderation");

        var error = Assert.Throws<OptionsValidationException>(() => builder.Build().Plugins.Count);

        Assert.Contains("MaxBatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMmoeTools_gives_AIFunctions_from_plain_services_without_a_kernel()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IMmoeDetector>(new LexicalTestDetector())
            .AddMmoe()
            .BuildServiceProvider();
        var model = new ScriptedChatClient("detect_sarcasm", """{"text":"Oh great, another Monday"}""");
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        await client.GetResponseAsync("Is this sarcastic?", new ChatOptions { Tools = [.. services.GetMmoeTools()] });

        Assert.Equal(["detect_sarcasm", "explain_interaction", "moderate_posts"], model.OfferedTools.Select(tool => tool.Name));
        var result = Assert.IsType<JsonElement>(model.ToolResult!.Result);
        Assert.Equal(TestKernels.Expected("Oh great, another Monday").Probability, result.GetProperty("probability").GetDouble());
    }

    [Fact]
    public void GetMmoeTools_without_AddMmoe_says_what_to_call()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetMmoeTools());

        Assert.Contains("AddMmoe", error.Message, StringComparison.Ordinal);
    }
}
