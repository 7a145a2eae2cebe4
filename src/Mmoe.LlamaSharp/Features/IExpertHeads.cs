using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Features;

/// <summary>Trained heads that turn one feature vector into the experts' and router's scores.</summary>
public interface IExpertHeads
{
    int Dimension { get; }

    ExpertScores Score(ReadOnlySpan<float> features);
}
