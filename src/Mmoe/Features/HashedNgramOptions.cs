namespace Mmoe.Features;

/// <summary>
/// Settings of <see cref="HashedNgramFeaturizer"/>. Each block holds 2^bits hashed features; a block of 0 bits is
/// left out. The defaults are the ones the MUStARD model (models/mustard) was trained with: small blocks (2^11), because a
/// few hundred posts cannot fill 2^14 features with anything but words of the shows they come from. Models record the
/// options they were trained with, so models trained with other defaults still load.
/// </summary>
public sealed record HashedNgramOptions
{
    /// <summary>Words and word bigrams of the utterance, plus the speaker.</summary>
    public int UtteranceWordBits { get; init; } = 11;

    /// <summary>Character n-grams of the utterance.</summary>
    public int UtteranceCharBits { get; init; } = 11;

    /// <summary>
    /// Words and word bigrams of the last <see cref="ContextTurns"/> dialogue turns. Off by default: what the other
    /// characters say is mostly about the show, and it did not help on a show-balanced validation set.
    /// </summary>
    public int ContextWordBits { get; init; }

    /// <summary>Words and word bigrams of the caption.</summary>
    public int CaptionWordBits { get; init; } = 11;

    /// <summary>Character n-grams of the caption.</summary>
    public int CaptionCharBits { get; init; } = 11;

    /// <summary>Utterance word × caption word pairs, so a linear model can weigh interactions.</summary>
    public int CrossBits { get; init; } = 11;

    public int CharNgramMin { get; init; } = 3;

    public int CharNgramMax { get; init; } = 5;

    /// <summary>
    /// Adds the speaker's name as a feature. Off by default: a name learned from one show's characters says nothing
    /// about another show's, or about social-media users.
    /// </summary>
    public bool IncludeSpeaker { get; init; }

    /// <summary>
    /// Reads the post's text the way pre-tokenised tweet datasets were released (MMSD2.0): @mentions as <c>&lt;user&gt;</c>,
    /// links dropped (see <c>TextTokens.SocialPlaceholders</c>). Off by default; models
    /// trained without it are read without it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool SocialPlaceholders { get; init; }

    /// <summary>How many of the latest context turns are read.</summary>
    public int ContextTurns { get; init; } = 3;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        foreach (var (name, bits) in new[]
                 {
                     (nameof(UtteranceWordBits), UtteranceWordBits), (nameof(UtteranceCharBits), UtteranceCharBits),
                     (nameof(ContextWordBits), ContextWordBits), (nameof(CaptionWordBits), CaptionWordBits),
                     (nameof(CaptionCharBits), CaptionCharBits), (nameof(CrossBits), CrossBits),
                 })
        {
            if (bits is < 0 or > 24)
            {
                throw new ArgumentOutOfRangeException(name, bits, $"{name} must be between 0 (block off) and 24.");
            }
        }

        if (CharNgramMin < 1 || CharNgramMax < CharNgramMin || CharNgramMax > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(CharNgramMin), $"Character n-gram sizes must satisfy 1 <= min ({CharNgramMin}) <= max ({CharNgramMax}) <= 8.");
        }

        if (ContextTurns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextTurns), ContextTurns, "ContextTurns cannot be negative.");
        }
    }
}
