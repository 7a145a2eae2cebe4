using Mmoe.Detection;
using Mmoe.Features;

namespace Mmoe.Models.Backends;

/// <summary>
/// A backend that <see cref="MmoeModels.LoadAsync(string?, MmoeLoadOptions?, CancellationToken)"/> hands the model
/// kinds it cannot build itself: featurizers other than the built-in hashed n-grams (for the heads of an
/// <c>mmoe-model</c> folder), and whole model formats (e.g. LoRA experts). A backend assembly announces itself with
/// <see cref="MmoeBackendAttribute"/>, so a host that ships it loads its models from the folder alone.
/// </summary>
public interface IMmoeBackend
{
    /// <summary>Featurizer names (as manifests record them) this backend builds.</summary>
    IReadOnlyCollection<string> FeaturizerNames { get; }

    /// <summary>Manifest formats (other than <see cref="ModelManifest.FormatName"/>) this backend loads as detectors.</summary>
    IReadOnlyCollection<string> ModelFormats { get; }

    /// <summary>The featurizer <paramref name="recorded"/> describes, checked against the files it reads (the caller disposes it).</summary>
    Task<IPostFeaturizer> CreateFeaturizerAsync(ManifestFeaturizer recorded, ModelLoadContext context, CancellationToken cancellationToken);

    /// <summary>The detector of a folder whose manifest has one of <see cref="ModelFormats"/> (the caller disposes it).</summary>
    Task<IMmoeDetector> LoadDetectorAsync(ModelLoadContext context, CancellationToken cancellationToken);
}
