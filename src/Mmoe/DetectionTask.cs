using System.Text.Json.Serialization;

namespace Mmoe;

/// <summary>What a model detects: the positive class of its binary answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DetectionTask>))]
public enum DetectionTask
{
    /// <summary>Is the post sarcastic (MUStARD, MMSD2.0)?</summary>
    [JsonStringEnumMemberName("sarcasm")]
    Sarcasm,

    /// <summary>Is the post funny (URFunny)?</summary>
    [JsonStringEnumMemberName("humor")]
    Humor,
}
