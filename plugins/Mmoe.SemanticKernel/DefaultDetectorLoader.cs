using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.Models;

namespace Mmoe.SemanticKernel;

/// <summary>
/// The one place where a model on disk (or the embedded default model, when no path is set) becomes an
/// <see cref="IMmoeDetector"/> when the host registered none. Hosts with their own detector register it as a
/// service and never reach this.
/// </summary>
internal static class DefaultDetectorLoader
{
    public static Task<IMmoeDetector> LoadAsync(string? modelPath, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        MmoeModels.LoadAsync(modelPath, loggerFactory, cancellationToken);
}
