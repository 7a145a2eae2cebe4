using Microsoft.Extensions.Logging;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>
/// The one place where a model on disk (or the default model) becomes an <see cref="IMmoeDetector"/> when the
/// host registered none. Hosts with their own detector register it as a service and never reach this.
/// </summary>
internal static class DefaultDetectorLoader
{
    public static Task<IMmoeDetector> LoadAsync(string? modelPath, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        throw new InvalidOperationException(
            "No MMoE detector is available: register an IMmoeDetector service (services.AddSingleton<IMmoeDetector>(...)) before building the kernel or service provider. "
            + $"This build has no model loader, so MmoeOptions.ModelPath ({modelPath ?? "the default model"}) cannot be loaded.");
    }
}
