using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>Supplies the detector: the host's registered <see cref="IMmoeDetector"/>, or else the model <see cref="MmoeOptions.ModelPath"/> names, loaded once.</summary>
internal sealed class MmoeDetectorProvider
{
    private readonly Task<IMmoeDetector> _detector;

    public MmoeDetectorProvider(IServiceProvider services, IOptions<MmoeOptions> options, ILoggerFactory loggerFactory)
    {
        // Loading starts here, when the plugin is built, so that a missing or broken model fails at startup rather than on the first tool call.
        _detector = services.GetService<IMmoeDetector>() is { } registered
            ? Task.FromResult(registered)
            : DefaultDetectorLoader.LoadAsync(options.Value.ModelPath, loggerFactory, CancellationToken.None);
    }

    public Task<IMmoeDetector> GetAsync(CancellationToken cancellationToken) => _detector.WaitAsync(cancellationToken);
}
