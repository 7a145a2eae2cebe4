namespace Mmoe.Detection;

/// <summary>Which model produced a verdict, and which task it answers (sarcasm unless its manifest says humor).</summary>
public sealed record ModelInfo(string Id, string Version)
{
    public DetectionTask Task { get; init; } = DetectionTask.Sarcasm;
}
