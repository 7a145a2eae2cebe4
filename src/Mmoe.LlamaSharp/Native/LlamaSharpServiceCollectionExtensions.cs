using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Native;

namespace Microsoft.Extensions.DependencyInjection;

public static class LlamaSharpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LLamaSharp detector as the <see cref="IMmoeDetector"/> (singleton, loaded on first use).
    /// An <see cref="IImageToText"/> registered in the container describes images of posts without a caption.
    /// </summary>
    public static IServiceCollection AddMmoeLlamaSharp(this IServiceCollection services, Action<LlamaSharpMmoeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<LlamaSharpMmoeOptions>().Configure(configure);
        services.AddSingleton(provider => LlamaSharpDetector.Create(
            provider.GetRequiredService<IOptions<LlamaSharpMmoeOptions>>().Value,
            provider.GetService<IImageToText>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger("Mmoe.LlamaSharp")));
        services.AddSingleton<IMmoeDetector>(provider => provider.GetRequiredService<LlamaSharpDetector>());
        return services;
    }
}
