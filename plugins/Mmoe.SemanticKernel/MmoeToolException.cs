namespace Mmoe.SemanticKernel;

/// <summary>
/// A tool call the plugin refused or could not complete. The message is written for the calling model: it says
/// what was wrong and how to fix the call, and never carries stack traces or the host's file paths.
/// </summary>
public sealed class MmoeToolException : Exception
{
    public MmoeToolException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public MmoeToolException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>A stable, machine-readable reason such as <c>empty_text</c> or <c>image_outside_allowed_roots</c>.</summary>
    public string Code { get; }
}
