namespace Mmoe.Features;

/// <summary>What a block of features describes.</summary>
public enum FeatureModality
{
    /// <summary>The utterance, its speaker and its dialogue context.</summary>
    Text = 0,

    /// <summary>The image, as pixels or as its caption.</summary>
    Image = 1,

    /// <summary>Features that combine both modalities (text × caption).</summary>
    Cross = 2,
}
