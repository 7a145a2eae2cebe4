using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mmoe.SemanticKernel.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Calls_emit_an_activity_and_detection_latency_and_error_metrics()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string? Function, string? ErrorType)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MmoeTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, Tag(tags, "mmoe.function"), Tag(tags, "error.type"))));
        meterListener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, Tag(tags, "mmoe.function"), null)));
        meterListener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MmoeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var kernel = TestKernels.Create();

        await kernel.DetectAsync("Telemetry probe: oh great");
        await Assert.ThrowsAsync<MmoeToolException>(() => kernel.DetectAsync("\0binary"));

        Assert.Contains(measurements, m => m is ("mmoe.detections", "detect_sarcasm", _));
        Assert.Contains(measurements, m => m is ("mmoe.latency", "detect_sarcasm", _));
        Assert.Contains(measurements, m => m is ("mmoe.errors", "detect_sarcasm", ToolErrorCodes.BinaryText));
        Assert.Contains(activities, a => a.OperationName == "mmoe detect_sarcasm" && a.Status == ActivityStatusCode.Error && (string?)a.GetTagItem("error.type") == ToolErrorCodes.BinaryText);
        Assert.Contains(activities, a => a.OperationName == "mmoe detect_sarcasm" && a.Status == ActivityStatusCode.Unset);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
