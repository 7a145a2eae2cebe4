using System.Diagnostics;
using LLama;
using LLama.Native;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// One llama.cpp context and what its KV cache holds. Many prompts are decoded together, one sequence each;
/// the token prefix they share is decoded once into sequence 0, kept there between calls, and copied to each
/// prompt's sequence. Entries computed under one adapter are wrong under another, so changing the adapter
/// empties the cache. Not thread-safe: <see cref="ContextPool"/> hands each context to one caller at a time.
/// </summary>
internal sealed class DecoderContext : IDisposable
{
    private static readonly LLamaSeqId PrefixSequence = LLamaSeqId.Zero;

    private readonly LLamaContext _context;
    private readonly bool _embeddings;
    private readonly int _maxPrompts;
    private readonly bool _reusePrefix;
    private readonly int _capacity;
    private readonly int _batchSize;
    private readonly LLamaBatch _batch = new();
    private int[] _cachedPrefix = [];
    // Hidden states of the cached prefix's positions, when a run asked for every position (mean pooling).
    private readonly List<float[]> _prefixRows = [];
    private const int PrefixOutput = -2;
    private LoraAdapter? _adapter;
    private float _adapterScale;
    private long _decodeTicks;
    private bool _outputsEmbeddings;

    public DecoderContext(LLamaContext context, bool embeddings, int maxPrompts, bool reusePrefix = true)
    {
        _context = context;
        _embeddings = embeddings;
        _maxPrompts = maxPrompts;
        _reusePrefix = reusePrefix;
        _capacity = (int)context.ContextSize;
        _batchSize = (int)context.BatchSize;
        _outputsEmbeddings = embeddings;
    }

    /// <summary>Makes <paramref name="adapter"/> (null: the plain model) the only active adapter.</summary>
    public void UseAdapter(LoraAdapter? adapter, float scale)
    {
        if (ReferenceEquals(adapter, _adapter) && scale == _adapterScale)
        {
            return;
        }

        ClearCache();
        // SetLoraAdapters replaces the whole active set, so one call both removes the old adapter and applies the new one.
        if (adapter is null)
        {
            _context.NativeHandle.SetLoraAdapters();
        }
        else
        {
            _context.NativeHandle.SetLoraAdapters((adapter, scale));
        }

        _adapter = adapter;
        _adapterScale = scale;
    }

    public void ClearCache()
    {
        _context.NativeHandle.MemoryClear();
        _cachedPrefix = [];
        _prefixRows.Clear();
    }

    /// <summary>
    /// Decodes every prompt and hands each one's last-position output row to <paramref name="output"/>; with
    /// <paramref name="allPositions"/>, every position's row of every prompt (the shared prefix's rows are computed once
    /// and handed to each prompt that shares them), in no particular order.
    /// </summary>
    public void Run(IReadOnlyList<int[]> prompts, OutputRow output, CancellationToken cancellationToken, bool allPositions = false)
    {
        var start = 0;
        while (start < prompts.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (end, prefix) = NextChunk(prompts, start);
            try
            {
                RunChunk(prompts, start, end, prefix, output, allPositions, cancellationToken);
            }
            catch (KvCacheFullException)
            {
                // The free cells can be fragmented; an empty cache has room for any chunk NextChunk allows.
                ClearCache();
                RunChunk(prompts, start, end, prefix, output, allPositions, cancellationToken);
            }

            start = end;
        }
    }

    /// <summary>The longest run of prompts from <paramref name="start"/> that fits the sequence limit and the KV cache, and their shared prefix length.</summary>
    private (int End, int Prefix) NextChunk(IReadOnlyList<int[]> prompts, int start)
    {
        var first = prompts[start];
        if (first.Length == 0 || first.Length > _capacity)
        {
            throw new ArgumentException($"A prompt has {first.Length} tokens; the context holds {_capacity}.");
        }

        // The last token of each prompt is decoded in its own sequence, so the shared prefix stops before it.
        var prefix = _reusePrefix ? first.Length - 1 : 0;
        long total = first.Length;
        var end = start + 1;
        while (end < prompts.Count && end - start < _maxPrompts)
        {
            var next = prompts[end];
            var shared = Math.Min(Math.Min(prefix, CommonPrefix(first, next)), next.Length - 1);
            var count = end - start + 1;
            var needed = total + next.Length - (long)(count - 1) * shared;
            // Cells needed: prefix once plus every prompt's suffix = Σ lengths − (count − 1) · shared.
            if (next.Length == 0 || needed > _capacity)
            {
                break;
            }

            prefix = shared;
            total += next.Length;
            end++;
        }

        return (end, prefix);
    }

    private void RunChunk(IReadOnlyList<int[]> prompts, int start, int end, int prefix, OutputRow output, bool allPositions, CancellationToken cancellationToken)
    {
        var handle = _context.NativeHandle;
        var shared = prompts[start].AsSpan(0, prefix);
        var kept = CommonPrefix(_cachedPrefix, shared);
        if (allPositions)
        {
            // Cached cells whose rows were not kept (decoded by a last-position run) are decoded again.
            kept = Math.Min(kept, _prefixRows.Count);
        }

        if (kept < _cachedPrefix.Length)
        {
            handle.MemorySequenceRemove(PrefixSequence, kept, -1);
        }

        _cachedPrefix = _cachedPrefix[..kept];
        if (_prefixRows.Count > kept)
        {
            _prefixRows.RemoveRange(kept, _prefixRows.Count - kept);
        }

        _batch.Clear();
        // An embeddings context makes llama.cpp output every token of a batch, whatever the batch asks for, so
        // the vocabulary-wide output layer would run on every prompt token (about 1.35x the work of a forward for
        // Qwen2-0.5B). When only the last position is wanted, the other tokens are decoded with embeddings off and
        // no outputs, and the last tokens alone with embeddings on.
        var lastOnly = _embeddings && !allPositions;
        OutputEmbeddings(!lastOnly && _embeddings);
        for (var position = kept; position < prefix; position++)
        {
            AddToken(shared[position], position, PrefixSequence, allPositions, allPositions ? PrefixOutput : -1, output, cancellationToken);
        }

        Flush(output, cancellationToken);
        _cachedPrefix = shared.ToArray();

        for (var i = start; i < end; i++)
        {
            var sequence = (LLamaSeqId)(i - start + 1);
            if (prefix > 0)
            {
                handle.MemorySequenceCopy(PrefixSequence, sequence, 0, prefix);
            }
        }

        try
        {
            for (var i = start; i < end; i++)
            {
                var sequence = (LLamaSeqId)(i - start + 1);
                var prompt = prompts[i];
                var last = lastOnly ? prompt.Length - 1 : prompt.Length;
                for (var position = prefix; position < last; position++)
                {
                    var wanted = allPositions || position == prompt.Length - 1;
                    AddToken(prompt[position], position, sequence, wanted, wanted ? i : -1, output, cancellationToken);
                }
            }

            Flush(output, cancellationToken);
            if (lastOnly)
            {
                OutputEmbeddings(true);
                for (var i = start; i < end; i++)
                {
                    var prompt = prompts[i];
                    AddToken(prompt[^1], prompt.Length - 1, (LLamaSeqId)(i - start + 1), true, i, output, cancellationToken);
                }

                Flush(output, cancellationToken);
            }
            if (allPositions)
            {
                for (var i = start; i < end; i++)
                {
                    for (var position = 0; position < prefix; position++)
                    {
                        output(i, _prefixRows[position]);
                    }
                }
            }
        }
        finally
        {
            for (var i = start; i < end; i++)
            {
                handle.MemorySequenceRemove((LLamaSeqId)(i - start + 1), 0, -1);
            }
        }
    }

    private readonly List<(int BatchIndex, int Prompt)> _pendingOutputs = [];

    private void OutputEmbeddings(bool embeddings)
    {
        if (embeddings != _outputsEmbeddings)
        {
            _context.NativeHandle.SetEmbeddings(embeddings);
            _outputsEmbeddings = embeddings;
        }
    }

    private void AddToken(int token, int position, LLamaSeqId sequence, bool wantOutput, int prompt, OutputRow output, CancellationToken cancellationToken)
    {
        if (_batch.TokenCount == _batchSize)
        {
            Flush(output, cancellationToken);
        }

        var index = _batch.Add(token, position, sequence, wantOutput);
        if (wantOutput)
        {
            _pendingOutputs.Add((index, prompt));
        }
    }

    private void Flush(OutputRow output, CancellationToken cancellationToken)
    {
        if (_batch.TokenCount == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var result = _context.NativeHandle.Decode(_batch);
        _decodeTicks += Stopwatch.GetTimestamp() - started;
        _batch.Clear();
        if (result == DecodeResult.NoKvSlot)
        {
            _pendingOutputs.Clear();
            _cachedPrefix = [];
            _prefixRows.Clear();
            throw new KvCacheFullException();
        }

        if (result != DecodeResult.Ok)
        {
            _pendingOutputs.Clear();
            ClearCache();
            throw new InvalidOperationException($"llama.cpp failed to decode a batch ({result}).");
        }

        foreach (var (batchIndex, prompt) in _pendingOutputs)
        {
            var row = _outputsEmbeddings ? _context.NativeHandle.GetEmbeddingsIth(batchIndex) : _context.NativeHandle.GetLogitsIth(batchIndex);
            if (prompt == PrefixOutput)
            {
                _prefixRows.Add(row.ToArray());
            }
            else
            {
                output(prompt, row);
            }
        }

        _pendingOutputs.Clear();
    }

    private static int CommonPrefix(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.CommonPrefixLength(b);

    /// <summary>Wall time spent inside llama.cpp's decode since the context was made (for benchmarks: where a batch's time goes).</summary>
    public TimeSpan DecodeTime => Stopwatch.GetElapsedTime(0, _decodeTicks);

    public void Dispose() => _context.Dispose();

    private sealed class KvCacheFullException : Exception;
}
