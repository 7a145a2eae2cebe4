namespace Mmoe.Text;

/// <summary>Why <see cref="PostTextValidator"/> refused a piece of post text.</summary>
public enum PostTextProblem
{
    /// <summary>Null, empty, whitespace, or nothing readable left once control characters are removed.</summary>
    Empty,

    /// <summary>A NUL, too many control characters, unpaired surrogates or replacement characters: decoded binary data, not text.</summary>
    Binary,
}
