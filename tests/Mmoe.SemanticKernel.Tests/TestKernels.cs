using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

internal static class TestKernels
{
    public static Kernel Create(Action<MmoeOptions>? configure = null, IImageToText? imageToText = null)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
        if (imageToText is not null)
        {
            builder.Services.AddSingleton(imageToText);
        }

        builder.AddMmoePlugin(configure);
        return builder.Build();
    }

    public static async Task<SarcasmVerdict> DetectAsync(this Kernel kernel, string text, string? caption = null, string? image = null, string? context = null)
    {
        var arguments = new KernelArguments { ["text"] = text };
        if (caption is not null)
        {
            arguments["caption"] = caption;
        }

        if (image is not null)
        {
            arguments["image"] = image;
        }

        if (context is not null)
        {
            arguments["context"] = context;
        }

        return (await kernel.InvokeAsync<SarcasmVerdict>(MmoePlugin.PluginName, "detect_sarcasm", arguments))!;
    }

    /// <summary>The detector's own verdict for a post, straight from the test detector (the expected answer).</summary>
    public static MmoeVerdict Expected(string text, string? caption = null) =>
        new LexicalTestDetector().Score(new SocialPost { Text = text, Caption = caption });
}
