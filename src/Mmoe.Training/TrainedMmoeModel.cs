using Mmoe.Models;
using Mmoe.Models.Evaluation;

namespace Mmoe.Training;

/// <summary>The outcome of training: the model, ready to use, with its manifest, weights and validation scores.</summary>
public sealed record TrainedMmoeModel(LinearMmoeModel Model, IReadOnlyList<NamedTensor> Tensors, ModelEvaluation Validation)
{
    public ModelManifest Manifest => Model.Manifest;

    /// <summary>Writes the model folder (manifest.json + weights.bin); <paramref name="manifest"/> overrides the manifest, e.g. to add test metrics.</summary>
    public Task<ModelManifest> SaveAsync(string directory, ModelManifest? manifest = null, CancellationToken cancellationToken = default) =>
        ModelFolder.WriteAsync(directory, manifest ?? Manifest, Tensors, cancellationToken);
}
