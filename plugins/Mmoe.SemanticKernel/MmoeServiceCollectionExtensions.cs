using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Mmoe.Detection;
using Mmoe.SemanticKernel;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MMoE plugin in a service collection.</summary>
public static class MmoeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>mmoe</c> plugin (as a <see cref="KernelPlugin"/>, so kernels built from these services have it) and
    /// its options. The detector is the registered <see cref="IMmoeDetector"/> if there is one, else the model
    /// <see cref="MmoeOptions.ModelPath"/> names; <c>detect_humor</c> is added when <see cref="MmoeOptions.HumorModelPath"/> names a humour model; an <see cref="IImageToText"/>, if registered, describes images
    /// that arrive without a caption. Options are validated when the plugin is first resolved (and at host start).
    /// Calling this again only adds configuration.
    /// </summary>
    public static IServiceCollection AddMmoe(this IServiceCollection services, Action<MmoeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MmoeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MmoeOptions>, MmoeOptionsValidator>());
        if (services.Any(descriptor => descriptor.ServiceType == typeof(MmoePlugin)))
        {
            return services;
        }

        services.AddSingleton(provider => new MmoeDetectorProvider(provider, provider.GetRequiredService<IOptions<MmoeOptions>>(), LoggerFactory(provider)));
        services.AddSingleton(provider => new MmoePlugin(
            provider.GetRequiredService<MmoeDetectorProvider>(),
            provider.GetRequiredService<IOptions<MmoeOptions>>().Value,
            provider.GetService<IImageToText>(),
            LoggerFactory(provider).CreateLogger<MmoePlugin>()));
        services.AddSingleton(provider =>
        {
            var plugin = KernelPluginFactory.CreateFromObject(provider.GetRequiredService<MmoePlugin>(), MmoePlugin.PluginName, LoggerFactory(provider));
            // detect_humor is offered only with a humour model behind it (MmoeOptions.HumorModelPath; see MmoeOptions.HumorModelHint).
            return provider.GetRequiredService<MmoeDetectorProvider>().HasHumorModel
                ? plugin
                : KernelPluginFactory.CreateFromFunctions(MmoePlugin.PluginName, plugin.Description, plugin.Where(function => function.Name != MmoePlugin.DetectHumorName));
        });
        return services;
    }

    /// <summary>
    /// The detector the plugin uses, once it is loaded: await it at startup to fail fast on a missing or broken model
    /// (the load error is thrown here) instead of on the first tool call.
    /// </summary>
    public static async Task<IMmoeDetector> GetMmoeDetectorAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var detectors = services.GetRequiredService<MmoeDetectorProvider>();
        if (detectors.GetHumorAsync(cancellationToken) is { } humor)
        {
            await humor.ConfigureAwait(false);
        }

        return await detectors.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ILoggerFactory LoggerFactory(IServiceProvider provider) => provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
