using Microsoft.Extensions.Logging;
using Mmoe.Features;
using Mmoe.Models.Backends;

namespace Mmoe.Models;

/// <summary>
/// How <see cref="MmoeModels.LoadAsync(string?, MmoeLoadOptions?, CancellationToken)"/> finds what a model folder
/// references but does not hold (a GGUF, an encoder folder) and how backends run it. Everything is optional: a model
/// of the built-in kind needs none of it, and a Qwen model finds its GGUF beside the folder or through
/// <c>MMOE_GGUF</c>.
/// </summary>
public sealed class MmoeLoadOptions
{
    /// <summary>The GGUF (file, or a folder holding the file the manifest names) for Qwen models; checked against the manifest's SHA-256.</summary>
    public string? GgufPath { get; set; }

    /// <summary>Layers of a GGUF offloaded to the GPU (CUDA builds); 0 keeps everything on the CPU.</summary>
    public int GpuLayerCount { get; set; }

    /// <summary>CPU threads of native backends; their default when null.</summary>
    public int? Threads { get; set; }

    /// <summary>A llama.cpp shared library (or its folder) to load instead of the packaged one.</summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>The CLIP export folder for <c>onnx-clip</c> models.</summary>
    public string? ClipDirectory { get; set; }

    /// <summary>
    /// Featurizers the caller builds itself from the manifest's record (null: not handled here, ask the backends).
    /// </summary>
    public Func<ManifestFeaturizer, IPostFeaturizer?>? Featurizers { get; set; }

    /// <summary>Backends to try before the discovered ones (see <see cref="MmoeBackendAttribute"/>).</summary>
    public IList<IMmoeBackend> Backends { get; } = [];

    public ILoggerFactory? LoggerFactory { get; set; }
}
