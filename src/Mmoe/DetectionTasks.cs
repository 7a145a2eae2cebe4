namespace Mmoe;

/// <summary>Names of the detection tasks, for JSON, the command line and tool names.</summary>
public static class DetectionTasks
{
    public static IReadOnlyList<DetectionTask> All { get; } = [DetectionTask.Sarcasm, DetectionTask.Humor];

    /// <summary>Lower-case name: sarcasm or humor.</summary>
    public static string JsonName(this DetectionTask task) => task switch
    {
        DetectionTask.Sarcasm => "sarcasm",
        DetectionTask.Humor => "humor",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>The adjective of the positive class: sarcastic or humorous.</summary>
    public static string Adjective(this DetectionTask task) => task switch
    {
        DetectionTask.Sarcasm => "sarcastic",
        DetectionTask.Humor => "humorous",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>Parses "sarcasm" or "humor" (also "humour"), ignoring case.</summary>
    public static DetectionTask Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "sarcasm" => DetectionTask.Sarcasm,
            "humor" or "humour" => DetectionTask.Humor,
            _ => throw new ArgumentException($"Unknown task '{name}': use sarcasm or humor."),
        };
    }
}
