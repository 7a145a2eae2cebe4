using System.Text.Json.Serialization;

namespace Mmoe;

/// <summary>
/// How the two modalities relate for one post, derived from the image-only prediction y1, the text-only
/// prediction y2 and the label y: y1 = y2 = y is redundancy, y1 ≠ y2 uniqueness, y1 = y2 ≠ y synergy.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<InteractionType>))]
public enum InteractionType
{
    [JsonStringEnumMemberName("redundancy")]
    Redundancy = 0,

    [JsonStringEnumMemberName("uniqueness")]
    Uniqueness = 1,

    [JsonStringEnumMemberName("synergy")]
    Synergy = 2,
}
