using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;
using Mmoe.Models;

namespace Mmoe.SemanticKernel;

/// <summary>Supplies the detector: the host's registered <see cref="IMmoeDetector"/>, or else the model <see cref="MmoeOptions.ModelPath"/> names, loaded once.</summary>
internal sealed class MmoeDetectorProvider
{
    private readonly Task<IMmoeDetector> _detector;

    public MmoeDetectorProvider(IServiceProvider services, IOptions<MmoeOptions> options, ILoggerFactory loggerFactory)
    {
        // Loading starts when the plugin is built; hosts that want a broken model to stop them at startup await
        // GetMmoeDetectorAsync (the MCP server does), others see the load error on the first tool call.
        _detector = services.GetService<IMmoeDetector>() is { } registered
            ? Task.FromResult(registered)
            : MmoeModels.LoadAsync(options.Value.ModelPath, loggerFactory, CancellationToken.None);
    }

    public Task<IMmoeDetector> GetAsync(CancellationToken cancellationToken) => _detector.WaitAsync(cancellationToken);
}
