using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Detection;
using Mmoe.Models;

namespace Mmoe.SemanticKernel;

/// <summary>
/// Supplies the detectors: for sarcasm, the host's registered <see cref="IMmoeDetector"/> or else the model
/// <see cref="MmoeOptions.ModelPath"/> names; for humour, the model <see cref="MmoeOptions.HumorModelPath"/> names, if
/// any. Each is loaded once and must answer its own task; detectors this provider loaded are disposed with it
/// (native backends hold native memory), a registered one belongs to the host.
/// </summary>
internal sealed class MmoeDetectorProvider : IDisposable
{
    private readonly Task<IMmoeDetector> _detector;
    private readonly Task<IMmoeDetector>? _humor;
    private readonly bool _ownsDetector;

    public MmoeDetectorProvider(IServiceProvider services, IOptions<MmoeOptions> options, ILoggerFactory loggerFactory)
    {
        // Loading starts when the plugin is built; hosts that want a broken model to stop them at startup await
        // GetMmoeDetectorAsync (the MCP server does), others see the load error on the first tool call.
        var loading = options.Value.ModelLoading;
        loading.LoggerFactory ??= loggerFactory;
        if (services.GetService<IMmoeDetector>() is { } registered)
        {
            _detector = Task.FromResult(registered);
        }
        else
        {
            _detector = LoadAsync(options.Value.ModelPath, DetectionTask.Sarcasm, nameof(MmoeOptions.ModelPath), loading);
            _ownsDetector = true;
        }

        _humor = options.Value.HumorModelPath is { } humorPath
            ? LoadAsync(humorPath, DetectionTask.Humor, nameof(MmoeOptions.HumorModelPath), loading)
            : null;
    }

    public bool HasHumorModel => _humor is not null;

    public Task<IMmoeDetector> GetAsync(CancellationToken cancellationToken) => _detector.WaitAsync(cancellationToken);

    /// <summary>The humour detector, or null when <see cref="MmoeOptions.HumorModelPath"/> is unset.</summary>
    public Task<IMmoeDetector>? GetHumorAsync(CancellationToken cancellationToken) => _humor?.WaitAsync(cancellationToken);

    public void Dispose()
    {
        if (_ownsDetector)
        {
            DisposeLoaded(_detector);
        }

        if (_humor is not null)
        {
            DisposeLoaded(_humor);
        }
    }

    private static void DisposeLoaded(Task<IMmoeDetector> loading)
    {
        if (loading.IsCompletedSuccessfully && loading.Result is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static async Task<IMmoeDetector> LoadAsync(string? path, DetectionTask task, string option, MmoeLoadOptions loading)
    {
        var detector = await MmoeModels.LoadAsync(path, loading, CancellationToken.None).ConfigureAwait(false);
        if (detector.Model.Task != task)
        {
            (detector as IDisposable)?.Dispose();
            throw new InvalidDataException(
                $"MmoeOptions.{option} names a model that answers {detector.Model.Task.JsonName()} ({detector.Model.Id}), not {task.JsonName()}: " +
                (task == DetectionTask.Humor
                    ? "point HumorModelPath at a model trained with 'mmoe train --dataset urfunny' (or --task humor)."
                    : "point ModelPath at a sarcasm model, and a humour model at HumorModelPath."));
        }

        return detector;
    }
}
