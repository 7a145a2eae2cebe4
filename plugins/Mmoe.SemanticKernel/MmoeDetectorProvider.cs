using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;
using Mmoe.Models;

namespace Mmoe.SemanticKernel;

/// <summary>Supplies the detector: the host's registered <see cref="IMmoeDetector"/>, or else the model <see cref="MmoeOptions.ModelPath"/> names, loaded once.</summary>
internal sealed class MmoeDetectorProvider : IDisposable
{
    private readonly Task<IMmoeDetector> _detector;
    private readonly bool _owned;

    public MmoeDetectorProvider(IServiceProvider services, IOptions<MmoeOptions> options, ILoggerFactory loggerFactory)
    {
        // Loading starts when the plugin is built; hosts that want a broken model to stop them at startup await
        // GetMmoeDetectorAsync (the MCP server does), others see the load error on the first tool call.
        if (services.GetService<IMmoeDetector>() is { } registered)
        {
            _detector = Task.FromResult(registered);
            return;
        }

        var loading = options.Value.ModelLoading;
        loading.LoggerFactory ??= loggerFactory;
        _detector = MmoeModels.LoadAsync(options.Value.ModelPath, loading, CancellationToken.None);
        _owned = true;
    }

    /// <summary>Frees a detector this provider loaded (native backends hold native memory); a registered one belongs to the host.</summary>
    public void Dispose()
    {
        if (_owned && _detector.IsCompletedSuccessfully && _detector.Result is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    public Task<IMmoeDetector> GetAsync(CancellationToken cancellationToken) => _detector.WaitAsync(cancellationToken);
}
