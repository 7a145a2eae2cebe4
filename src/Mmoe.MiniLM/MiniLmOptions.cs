namespace Mmoe.MiniLM;

/// <summary>How the MiniLM encoder runs. None of it changes which features a model reads, so none of it is in the manifest.</summary>
public sealed record MiniLmOptions
{
    /// <summary>
    /// ONNX Runtime threads inside one encoder call. 1 by default: one thread sums in one order, so the same machine
    /// always gives the same floats (and training on cached embeddings the same model bytes). More threads run a batch
    /// faster on a free machine.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Texts per encoder call. Texts are sorted by length before batching, so a batch pads little; 32 measured about
    /// as fast as larger batches on one core.
    /// </summary>
    public int BatchSize { get; init; } = 32;

    internal void Validate()
    {
        if (IntraOpThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "The MiniLM encoder needs at least one thread.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A MiniLM batch holds at least one text.");
        }
    }
}
