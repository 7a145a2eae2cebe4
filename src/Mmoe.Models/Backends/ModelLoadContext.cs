using System.Text.Json.Nodes;

namespace Mmoe.Models.Backends;

/// <summary>What a backend gets to build a model: the folder, its manifest as read, and the caller's load options.</summary>
/// <param name="ModelDirectory">The model folder (full path); null for the embedded default.</param>
/// <param name="Manifest">The folder's <c>manifest.json</c>, parsed.</param>
/// <param name="Options">Where the model's external files are and how to run it.</param>
public sealed record ModelLoadContext(string? ModelDirectory, JsonObject Manifest, MmoeLoadOptions Options)
{
    /// <summary>"model folder '…'" or the embedded model, for error messages.</summary>
    public string Source => ModelDirectory is null ? MmoeModels.EmbeddedSource : $"model folder '{ModelDirectory}'";
}
