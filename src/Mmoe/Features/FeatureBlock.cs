namespace Mmoe.Features;

/// <summary>A contiguous index range [Start, Start + Length) of a feature vector holding one kind of feature.</summary>
public sealed record FeatureBlock(string Name, FeatureModality Modality, int Start, int Length)
{
    public int End => Start + Length;
}
