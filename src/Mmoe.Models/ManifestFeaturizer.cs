using System.Text.Json.Nodes;

namespace Mmoe.Models;

/// <summary>The featurizer a model reads: its name, vector length and full configuration.</summary>
public sealed record ManifestFeaturizer(string Name, int Dimension, JsonObject Configuration);
