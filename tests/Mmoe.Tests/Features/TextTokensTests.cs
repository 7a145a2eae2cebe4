using Mmoe.Features;

namespace Mmoe.Tests.Features;

public sealed class TextTokensTests
{
    [Theory]
    [InlineData("@bob thanks for showing up at 5 !", "<user> thanks for showing up at 5 !")]
    [InlineData("Great, 1,000 emails. https://t.co/xyz", "Great, 1,000 emails.")]
    [InlineData("meeting at 10:30, @team.", "meeting at 10:30, <user>.")]
    [InlineData("5am is fine, @ alone is kept", "5am is fine, @ alone is kept")]
    public void SocialPlaceholdersRewriteMentionsAndDropLinksAsMmsdWasReleased(string text, string expected) =>
        Assert.Equal(expected, TextTokens.SocialPlaceholders(text));
}
