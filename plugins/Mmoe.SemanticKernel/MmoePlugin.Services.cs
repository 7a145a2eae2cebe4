using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mmoe.SemanticKernel;

public sealed partial class MmoePlugin
{
    /// <summary>
    /// Builds the plugin from the kernel's or host's services: the constructor Semantic Kernel calls for
    /// <c>builder.Plugins.AddFromType&lt;MmoePlugin&gt;("mmoe")</c> and <c>kernel.ImportPluginFromType&lt;MmoePlugin&gt;("mmoe")</c>.
    /// It uses what <c>services.AddMmoe(...)</c> registered (validated options, the shared detector) when present;
    /// otherwise the default options, the registered <see cref="Mmoe.Detection.IMmoeDetector"/> or the default model,
    /// and a registered <see cref="Mmoe.Detection.IImageToText"/> if any. Without services (a bare <c>new Kernel()</c>),
    /// the default options and model.
    /// </summary>
    public MmoePlugin(IServiceProvider? services = null)
        : this(FromServices(services))
    {
    }

    private MmoePlugin((MmoeDetectorProvider Detectors, MmoeOptions Options, Mmoe.Detection.IImageToText? ImageToText, ILogger<MmoePlugin> Logger) parts)
        : this(parts.Detectors, parts.Options, parts.ImageToText, parts.Logger)
    {
    }

    private static (MmoeDetectorProvider, MmoeOptions, Mmoe.Detection.IImageToText?, ILogger<MmoePlugin>) FromServices(IServiceProvider? services)
    {
        services ??= new ServiceCollection().BuildServiceProvider();
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var options = services.GetService<IOptions<MmoeOptions>>()?.Value ?? Validated(new MmoeOptions());
        var detectors = services.GetService<MmoeDetectorProvider>() ?? new MmoeDetectorProvider(services, Options.Create(options), loggerFactory);
        return (detectors, options, services.GetService<Mmoe.Detection.IImageToText>(), loggerFactory.CreateLogger<MmoePlugin>());
    }

    private static MmoeOptions Validated(MmoeOptions options)
    {
        var result = new MmoeOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(MmoeOptions), result.Failures) : options;
    }
}
