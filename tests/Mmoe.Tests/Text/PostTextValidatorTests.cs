using Mmoe.Text;

namespace Mmoe.Tests.Text;

public sealed class PostTextValidatorTests
{
    [Theory]
    [InlineData("\u0001\u0002\u0003\u0004", PostTextProblem.Binary)]
    [InlineData("\u001b]0;x\u0007\u001b[2J", PostTextProblem.Binary)]
    [InlineData("ok\0", PostTextProblem.Binary)]
    [InlineData("\ud800", PostTextProblem.Binary)]
    [InlineData("   ", PostTextProblem.Empty)]
    [InlineData("\u0001", PostTextProblem.Binary)]
    public void Control_characters_nul_and_lone_surrogates_are_refused_with_the_field_named(string text, PostTextProblem problem)
    {
        var error = Assert.Throws<InvalidPostTextException>(() => PostTextValidator.Clean(text, "caption"));

        Assert.Equal(problem, error.Problem);
        Assert.Equal("caption", error.Field);
        Assert.Contains("caption", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readable_text_keeps_its_pairs_and_line_breaks_and_loses_stray_controls()
    {
        Assert.Equal("Great 🙃\nday, really", PostTextValidator.Clean("  Great 🙃\nday,\u0007 really ", "text"));
    }
}
