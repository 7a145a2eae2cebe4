using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mmoe.SemanticKernel;

/// <summary>
/// OpenTelemetry sources: subscribe with <c>AddSource("Mmoe")</c> and <c>AddMeter("Mmoe")</c>. Every tool call
/// is an activity; detections, their latency and errors are metrics tagged with the function name.
/// </summary>
public static class MmoeTelemetry
{
    public const string Name = "Mmoe";

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Posts judged, tagged <c>mmoe.function</c>, <c>mmoe.driving_interaction</c> and <c>mmoe.is_sarcastic</c>.</summary>
    public static Counter<long> Detections { get; } = Meter.CreateCounter<long>("mmoe.detections", unit: "{post}", description: "Posts judged by the MMoE detector.");

    /// <summary>Tool call latency, tagged <c>mmoe.function</c>.</summary>
    public static Histogram<double> Latency { get; } = Meter.CreateHistogram<double>("mmoe.latency", unit: "ms", description: "Duration of MMoE tool calls.");

    /// <summary>Refused or failed posts, tagged <c>mmoe.function</c> and <c>error.type</c> (a <see cref="ToolErrorCodes"/> value).</summary>
    public static Counter<long> Errors { get; } = Meter.CreateCounter<long>("mmoe.errors", unit: "{error}", description: "MMoE tool calls or batch items that ended in an error.");
}
