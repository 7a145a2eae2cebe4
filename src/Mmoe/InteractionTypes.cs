namespace Mmoe;

/// <summary>Names of the interaction types as the MMoE reference files spell them (R, U, AS).</summary>
public static class InteractionTypes
{
    public static IReadOnlyList<InteractionType> All { get; } =
        [InteractionType.Redundancy, InteractionType.Uniqueness, InteractionType.Synergy];

    /// <summary>The reference's file-name code: R, U or AS.</summary>
    public static string ReferenceCode(this InteractionType type) => type switch
    {
        InteractionType.Redundancy => "R",
        InteractionType.Uniqueness => "U",
        InteractionType.Synergy => "AS",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The short letter used in reports: R, U or S.</summary>
    public static string Letter(this InteractionType type) => type switch
    {
        InteractionType.Redundancy => "R",
        InteractionType.Uniqueness => "U",
        InteractionType.Synergy => "S",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Lower-case name for JSON: redundancy, uniqueness or synergy.</summary>
    public static string JsonName(this InteractionType type) => type switch
    {
        InteractionType.Redundancy => "redundancy",
        InteractionType.Uniqueness => "uniqueness",
        InteractionType.Synergy => "synergy",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
