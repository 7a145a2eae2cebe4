namespace Mmoe.Mcp;

/// <summary>
/// Standard output for the server: the SDK's writes of one message are collected and written, with the newline, in one
/// piece when it flushes, so <see cref="WriteMessageAsync"/> (the answers <see cref="McpInputStream"/> gives to
/// requests the SDK never sees) can never land inside another message.
/// </summary>
internal sealed class McpOutputStream(Stream inner) : Stream
{
    /// <summary>Above this, the message buffer is dropped after use rather than kept for the next message.</summary>
    private const int RetainedBufferBytes = 1024 * 1024;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _pending.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_pending.Capacity > RetainedBufferBytes)
            {
                _pending = new MemoryStream();
            }
            else
            {
                _pending.SetLength(0);
            }

            _lock.Release();
        }
    }

    /// <summary>Writes one complete JSON-RPC message (without its newline) between the SDK's messages.</summary>
    public async Task WriteMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _lock.Dispose();
        }

        base.Dispose(disposing);
    }
}
