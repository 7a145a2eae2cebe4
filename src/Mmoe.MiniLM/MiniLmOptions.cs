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
    /// Texts per encoder call. Texts are sorted by length before batching, so a batch pads little. Measured on 512
    /// MMSD2.0 test tweets, one thread, the same run: sorted batches of 8 ran 56–75 texts/s, of 4 56–72, of 16 50–70,
    /// of 32 42, unsorted batches of 8 35–37 and of 32 28–31, one text per call 41 (a shared 2-core machine, so the
    /// ranges are load). The batch never changes a text's floats (see the tests).
    /// </summary>
    public int BatchSize { get; init; } = 8;

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
