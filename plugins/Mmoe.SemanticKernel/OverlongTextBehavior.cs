namespace Mmoe.SemanticKernel;

/// <summary>What the plugin does with post text longer than <see cref="MmoeOptions.MaxTextCharacters"/>.</summary>
public enum OverlongTextBehavior
{
    /// <summary>Judge the first <see cref="MmoeOptions.MaxTextCharacters"/> characters and say so in the result's warnings.</summary>
    Truncate,

    /// <summary>Refuse the post with a tool error.</summary>
    Reject,
}
