using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Without_a_registered_detector_the_plugin_answers_with_the_embedded_default_model()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddMmoePlugin();
        var kernel = builder.Build();

        var verdict = (await kernel.InvokeAsync<SarcasmVerdict>(
            MmoePlugin.PluginName, "detect_sarcasm", new() { ["text"] = "Oh great, another Monday.", ["caption"] = "A man rolls his eyes." }))!;

        Assert.Equal("mmoe-mmsd-minilm", verdict.Model.Id);
        Assert.InRange(verdict.Probability, 0, 1);
        Assert.Equal(1.0, verdict.InteractionWeights.Redundancy + verdict.InteractionWeights.Uniqueness + verdict.InteractionWeights.Synergy, 6);
    }

    [Fact]
    public async Task A_broken_model_folder_surfaces_when_the_host_awaits_the_detector()
    {
        var folder = Directory.CreateTempSubdirectory("mmoe-empty-model-").FullName;
        try
        {
            var builder = Kernel.CreateBuilder();
            builder.AddMmoePlugin(options => options.ModelPath = folder);
            var kernel = builder.Build();

            var error = await Assert.ThrowsAnyAsync<IOException>(() => kernel.Services.GetMmoeDetectorAsync());
            Assert.Contains("manifest.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Invalid_options_fail_at_startup_listing_every_problem()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
        builder.AddMmoePlugin(options =>
        {
            options.Threshold = 1.5;
            options.AllowedImageRoots.Add("relative/images");
            options.MaxImageBytes = 0;
            options.ModelPath = "/definitely/not/a/model";
        });

        var error = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Contains(error.Failures, f => f.Contains("MmoeOptions.Threshold is 1.5", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'relative/images' is not an absolute folder path", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MmoeOptions.MaxImageBytes is 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ModelPath '/definitely/not/a/model' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_collection_host_gets_the_plugin_in_its_kernel_and_repeated_registration_adds_configuration_only()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
        services.AddMmoe(options => options.MaxTextCharacters = 10);
        services.AddMmoe(options => options.OverlongText = OverlongTextBehavior.Reject);
        services.AddKernel();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var kernel = provider.GetRequiredService<Kernel>();

        Assert.Single(kernel.Plugins);
        Assert.Equal(3, kernel.Plugins[MmoePlugin.PluginName].FunctionCount);
        var error = await Assert.ThrowsAsync<MmoeToolException>(() => kernel.DetectAsync("this text is longer than ten"));
        Assert.Equal(ToolErrorCodes.TextTooLong, error.Code);
    }

    [Fact]
    public void Asking_for_the_functions_of_a_kernel_without_the_plugin_says_how_to_add_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Kernel().GetMmoeFunctions());

        Assert.Contains("AddMmoePlugin", error.Message, StringComparison.Ordinal);
    }
}
