using System.Collections.Concurrent;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// Contexts shared by concurrent callers, each used by one caller at a time. llama.cpp runs one decode per
/// context at a time, so throughput comes from batching many posts into each decode, not from more callers.
/// </summary>
internal sealed class ContextPool : IDisposable
{
    private readonly Func<DecoderContext> _create;
    private readonly SemaphoreSlim _available;
    private readonly ConcurrentBag<DecoderContext> _idle = [];
    private readonly ConcurrentBag<DecoderContext> _all = [];

    public ContextPool(int size, Func<DecoderContext> create)
    {
        _create = create;
        _available = new SemaphoreSlim(size, size);
    }

    /// <summary>Runs <paramref name="work"/> on a free context, off the caller's thread (decoding is blocking native work).</summary>
    public async Task<T> RunAsync<T>(Func<DecoderContext, T> work, CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_idle.TryTake(out var context))
            {
                context = _create();
                _all.Add(context);
            }

            try
            {
                return await Task.Run(() => work(context), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _idle.Add(context);
            }
        }
        finally
        {
            _available.Release();
        }
    }

    public void Dispose()
    {
        foreach (var context in _all)
        {
            context.Dispose();
        }

        _available.Dispose();
    }
}
