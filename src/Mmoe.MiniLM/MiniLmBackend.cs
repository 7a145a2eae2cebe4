using Mmoe.Detection;
using Mmoe.Features;
using Mmoe.MiniLM;
using Mmoe.Models;
using Mmoe.Models.Backends;

[assembly: MmoeBackend(typeof(MiniLmBackend))]

namespace Mmoe.MiniLM;

/// <summary>
/// What this assembly adds to <c>MmoeModels.LoadAsync</c>: the <c>minilm</c> featurizer, alone or as a part of a
/// concatenation (the embedded default reads hashed n-grams + MiniLM). Found automatically when the assembly ships
/// with the host. <see cref="MmoeLoadOptions.Threads"/> sets the encoder's threads (1 when unset: reproducible floats).
/// </summary>
public sealed class MiniLmBackend : IMmoeBackend
{
    public IReadOnlyCollection<string> FeaturizerNames { get; } = [MiniLmFeaturizer.FeaturizerName];

    public IReadOnlyCollection<string> ModelFormats { get; } = [];

    public Task<IPostFeaturizer> CreateFeaturizerAsync(ManifestFeaturizer recorded, ModelLoadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var options = new MiniLmOptions { IntraOpThreads = context.Options.Threads ?? 1 };
            return Task.FromResult<IPostFeaturizer>(MiniLmFeaturizer.FromConfiguration(recorded.Configuration, options));
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{context.Source}: {ex.Message}", ex);
        }
    }

    public Task<IMmoeDetector> LoadDetectorAsync(ModelLoadContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The MiniLM backend provides a featurizer, not a model format.");
}
