namespace Mmoe.Mcp;

/// <summary>
/// Standard input for the server, one JSON-RPC message per line, with two repairs the SDK cannot make itself:
/// <list type="bullet">
/// <item>A line longer than the cap is never materialised: it is skipped as it streams in (scanned only for its id and
/// method, wherever they are), and the request is answered here with an error that says the limit. The SDK's
/// reader would otherwise build the whole line as a string, then a JSON tree, then the arguments, and a 100 MB
/// data URI cost 1.4 GB.</item>
/// <item>An escaped unpaired UTF-16 surrogate (<c>"\ud800"</c>) is valid JSON but makes the SDK's argument
/// deserialisation throw, failing the call with a bare "An error occurred". It is rewritten to <c>\u0000</c> (same
/// length), which the plugin's text validation refuses as binary data, field by field.</item>
/// </list>
/// Reads honour cancellation even while the underlying read blocks.
/// </summary>
internal sealed class McpInputStream : Stream
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Lines at least this long count towards <see cref="CollectAfterBytes"/>.</summary>
    private const int LargeLineBytes = 1024 * 1024;

    /// <summary>
    /// After this many bytes of large lines, the next read first runs a full, decommitting garbage collection. Each
    /// large message leaves several times its size in large-object-heap garbage (the line as a string, its JSON, the
    /// decoded argument), which the GC otherwise keeps, and keeps committed, for as long as the machine has memory
    /// to spare: 20 refused 14 MB images left 1.5 GB resident. By the next read the previous line has been parsed.
    /// </summary>
    private const long CollectAfterBytes = 8 * 1024 * 1024;

    private readonly Stream _inner;
    private readonly int _maxLineBytes;
    private readonly Func<OversizedMessage, CancellationToken, Task> _onOversized;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private int _chunkStart;
    private int _chunkEnd;
    private byte[] _line = new byte[ChunkBytes];
    private int _lineLength;
    private int _lineRead;
    private bool _lineReady;
    private long _discarding = -1;
    private JsonRpcEnvelopeScanner? _scanner;
    private bool _endOfInput;
    private long _largeBytes;

    public McpInputStream(Stream inner, int maxLineBytes, Func<OversizedMessage, CancellationToken, Task> onOversized)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1024);
        _inner = inner;
        _maxLineBytes = maxLineBytes;
        _onOversized = onOversized;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_lineReady)
        {
            if (!await NextLineAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _lineLength - _lineRead);
        _line.AsSpan(_lineRead, count).CopyTo(buffer.Span);
        _lineRead += count;
        if (_lineRead == _lineLength)
        {
            _lineReady = false;
            _lineRead = _lineLength = 0;
            if (_line.Length > ChunkBytes * 16)
            {
                _line = new byte[ChunkBytes]; // do not hold on to the buffer of one large message
            }
        }

        return count;
    }

    /// <summary>Assembles the next line within the cap; false at the end of the input.</summary>
    private async Task<bool> NextLineAsync(CancellationToken cancellationToken)
    {
        if (_largeBytes >= CollectAfterBytes)
        {
            _largeBytes = 0;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                if (_endOfInput)
                {
                    return false;
                }

                // Console streams ignore cancellation while blocked in read(2): wait for the read, not in it.
                var read = await _inner.ReadAsync(_chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _endOfInput = true;
                    if (_discarding >= 0)
                    {
                        await FinishOversizedAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }

                    if (_lineLength == 0)
                    {
                        return false;
                    }

                    CompleteLine();
                    return true;
                }

                _chunkStart = 0;
                _chunkEnd = read;
            }

            var available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
            var newline = available.IndexOf((byte)'\n');
            var segment = newline >= 0 ? available[..(newline + 1)] : available;
            _chunkStart += segment.Length;
            if (_discarding < 0 && _lineLength + segment.Length > _maxLineBytes)
            {
                // From here on the line is only scanned for its id and method, never stored.
                _discarding = _lineLength;
                _scanner = new JsonRpcEnvelopeScanner();
                _scanner.Feed(_line.AsSpan(0, _lineLength));
                _largeBytes += _lineLength;
                _lineLength = 0;
                if (_line.Length > ChunkBytes * 16)
                {
                    _line = new byte[ChunkBytes];
                }
            }

            if (_discarding >= 0)
            {
                _discarding += segment.Length;
                _scanner!.Feed(segment);
                if (newline >= 0)
                {
                    await FinishOversizedAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            Append(segment);
            if (newline >= 0)
            {
                CompleteLine();
                return true;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lineLength + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_lineLength + bytes.Length, Math.Min(_line.Length * 2, _maxLineBytes + 1)));
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }

    private void CompleteLine()
    {
        if (_lineLength >= LargeLineBytes)
        {
            _largeBytes += _lineLength;
        }

        ReplaceLoneSurrogateEscapes(_line.AsSpan(0, _lineLength));
        _lineReady = true;
        _lineRead = 0;
    }

    private async Task FinishOversizedAsync(CancellationToken cancellationToken)
    {
        var size = _discarding;
        var (id, method) = (_scanner!.Id, _scanner.Method);
        _discarding = -1;
        _scanner = null;
        await _onOversized(new OversizedMessage(size, _maxLineBytes, id, method), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rewrites each escaped unpaired surrogate in JSON strings (<c>\ud800</c>, <c>\udc00</c>) to <c>\u0000</c>, in place.</summary>
    internal static void ReplaceLoneSurrogateEscapes(Span<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0 && json.IndexOf("\\U"u8) < 0)
        {
            return;
        }

        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString)
            {
                inString = b == '"';
                continue;
            }

            if (b == '"')
            {
                inString = false;
            }
            else if (b == '\\' && i + 1 < json.Length)
            {
                if (json[i + 1] is (byte)'u' or (byte)'U' && TryHex(json, i + 2, out var unit) && char.IsSurrogate((char)unit))
                {
                    var paired = char.IsHighSurrogate((char)unit)
                        && i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] is (byte)'u' or (byte)'U'
                        && TryHex(json, i + 8, out var next) && char.IsLowSurrogate((char)next);
                    if (paired)
                    {
                        i += 11;
                        continue;
                    }

                    "0000"u8.CopyTo(json[(i + 2)..]);
                    i += 5;
                }
                else
                {
                    i++; // skip the escaped character (\" and \\ included)
                }
            }
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            var digit = HexDigit(json[k]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A message longer than the cap: its size, the cap, and its JSON-RPC id (raw JSON) and method when its first bytes had them.</summary>
internal sealed record OversizedMessage(long Bytes, int MaxBytes, byte[]? Id, string? Method);
