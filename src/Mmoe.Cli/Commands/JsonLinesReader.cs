using System.Text;

namespace Mmoe.Cli.Commands;

/// <summary>
/// Reads a JSON Lines file one line at a time in bounded memory, the way jq and ripgrep do: a line longer than the
/// limit is skipped (its bytes are never held) and reported by number, and every wait honours cancellation, even an
/// open of a FIFO that has no writer yet or a read from a pipe that never delivers.
/// </summary>
internal sealed class JsonLinesReader : IAsyncDisposable
{
    /// <summary>Default longest line, in bytes: a post with a long text and context fits many times over.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    private const int ChunkBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _source;
    private readonly int _maxLineBytes;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private int _chunkStart;
    private int _chunkEnd;
    private byte[] _line = new byte[ChunkBytes];
    private int _lineLength;
    private int _lineNumber;
    private bool _endOfInput;

    private JsonLinesReader(Stream stream, string source, int maxLineBytes)
    {
        _stream = stream;
        _source = source;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// Opens <paramref name="path"/>. The open runs on the thread pool and is awaited with the token, because opening a
    /// FIFO blocks in the kernel until a writer appears and nothing can interrupt it.
    /// </summary>
    public static async Task<JsonLinesReader> OpenAsync(string path, int maxLineBytes, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"The posts file '{path}' is a folder: pass a JSON Lines file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Posts file not found: {path}");
        }

        var open = Task.Run(() => (Stream)new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0), CancellationToken.None);
        var stream = await open.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new JsonLinesReader(stream, path, maxLineBytes);
    }

    /// <summary>Reads from an already open stream (standard input, tests).</summary>
    public static JsonLinesReader FromStream(Stream stream, string source, int maxLineBytes) => new(stream, source, maxLineBytes);

    /// <summary>
    /// The next non-blank line with its 1-based number, or null at the end. A line over the limit comes back with
    /// <see cref="JsonLine.Error"/> set and no text. Input that is not text (NUL bytes in an over-long line, as from
    /// <c>/dev/zero</c>) ends the reading with an <see cref="InvalidDataException"/>.
    /// </summary>
    public async Task<JsonLine?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (length, total, ended) = await ReadRawLineAsync(cancellationToken).ConfigureAwait(false);
            if (ended && total == 0)
            {
                return null;
            }

            _lineNumber++;
            if (total > _maxLineBytes)
            {
                return new JsonLine(_lineNumber, null, $"the line is {total} bytes long; the limit is {_maxLineBytes} bytes (--max-line-bytes).");
            }

            var span = _line.AsSpan(0, length);
            if (span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            // Invalid UTF-8 becomes U+FFFD, which the text validation counts as unreadable.
            return new JsonLine(_lineNumber, Encoding.UTF8.GetString(span), null);
        }
    }

    /// <summary>Bytes of the next line kept in <see cref="_line"/> (none when it is over the limit), its full length, and whether the input ended.</summary>
    private async Task<(int Kept, long Total, bool Ended)> ReadRawLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        long total = 0;
        var sawNul = false;
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                if (_endOfInput)
                {
                    return (_lineLength, total, true);
                }

                var read = await _stream.ReadAsync(_chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _endOfInput = true;
                    return (_lineLength, total, true);
                }

                _chunkStart = 0;
                _chunkEnd = read;
            }

            var available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
            var newline = available.IndexOf((byte)'\n');
            var segment = newline >= 0 ? available[..newline] : available;
            _chunkStart += newline >= 0 ? newline + 1 : segment.Length;
            total += segment.Length;
            if (total <= _maxLineBytes)
            {
                if (_lineLength + segment.Length > _line.Length)
                {
                    Array.Resize(ref _line, Math.Min(Math.Max(_line.Length * 2, _lineLength + segment.Length), _maxLineBytes));
                }

                segment.CopyTo(_line.AsSpan(_lineLength));
                _lineLength += segment.Length;
            }
            else
            {
                sawNul |= segment.Contains((byte)0) || _line.AsSpan(0, _lineLength).Contains((byte)0);
                _lineLength = 0;
                if (_line.Length > ChunkBytes)
                {
                    _line = new byte[ChunkBytes]; // one long line must not keep its buffer
                }

                if (sawNul)
                {
                    throw new InvalidDataException($"{_source}: line {_lineNumber + 1} is over {_maxLineBytes} bytes of binary data (NUL bytes): the input is not a JSON Lines text file.");
                }
            }

            if (newline >= 0)
            {
                return (_lineLength, total, false);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}

/// <summary>One line of a JSON Lines file: its number and text, or why it was not read.</summary>
internal sealed record JsonLine(int Number, string? Text, string? Error);
