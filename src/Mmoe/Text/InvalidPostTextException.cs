namespace Mmoe.Text;

/// <summary>Post text that <see cref="PostTextValidator"/> refused; the message names the field and says how to fix it.</summary>
public sealed class InvalidPostTextException : Exception
{
    public InvalidPostTextException(PostTextProblem problem, string field, string message)
        : base(message)
    {
        Problem = problem;
        Field = field;
    }

    public PostTextProblem Problem { get; }

    /// <summary>The field the text came from, e.g. <c>text</c> or <c>caption</c>.</summary>
    public string Field { get; }
}
