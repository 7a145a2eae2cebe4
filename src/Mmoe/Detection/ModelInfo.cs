namespace Mmoe.Detection;

/// <summary>Which model produced a verdict.</summary>
public sealed record ModelInfo(string Id, string Version);
