using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;
using Mmoe.Features;

namespace Mmoe.Onnx;

/// <summary>Registers the ONNX backend's services; each is a singleton, so its sessions are created once.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OnnxClipFeaturizer"/> as the <see cref="IPostFeaturizer"/>.</summary>
    public static IServiceCollection AddOnnxClipFeaturizer(this IServiceCollection services, Action<OnnxClipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddSingleton(provider => new OnnxClipFeaturizer(
            provider.GetRequiredService<IOptions<OnnxClipOptions>>().Value,
            provider.GetService<ILogger<OnnxClipFeaturizer>>()));
        services.TryAddSingleton<IPostFeaturizer>(provider => provider.GetRequiredService<OnnxClipFeaturizer>());
        return services;
    }

    /// <summary>Adds <see cref="OnnxImageCaptioner"/> as the <see cref="IImageToText"/>.</summary>
    public static IServiceCollection AddOnnxImageCaptioner(this IServiceCollection services, Action<OnnxCaptionerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddSingleton(provider => new OnnxImageCaptioner(
            provider.GetRequiredService<IOptions<OnnxCaptionerOptions>>().Value,
            provider.GetService<ILogger<OnnxImageCaptioner>>()));
        services.TryAddSingleton<IImageToText>(provider => provider.GetRequiredService<OnnxImageCaptioner>());
        return services;
    }
}
