namespace Mmoe.Mcp;

/// <summary>
/// Finds the top-level <c>id</c> and <c>method</c> of a JSON-RPC message fed to it byte by byte, in constant memory,
/// wherever they appear: clients write <c>id</c> before or after a <c>params</c> of any size. Used for messages too
/// large to parse, so they can still be answered.
/// </summary>
internal sealed class JsonRpcEnvelopeScanner
{
    private const int MaxCapture = 256;

    private readonly List<byte> _key = [];
    private readonly List<byte> _value = [];
    private int _depth;
    private bool _inString;
    private bool _escape;
    private bool _afterColon;
    private bool _capturingKey;
    private string? _valueFor;

    /// <summary>The raw JSON of the top-level id (a string with its quotes, or a number), once seen.</summary>
    public byte[]? Id { get; private set; }

    /// <summary>The top-level method, once seen.</summary>
    public string? Method { get; private set; }

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            Feed(b);
        }
    }

    private void Feed(byte b)
    {
        if (_inString)
        {
            Capture(b);
            if (_escape)
            {
                _escape = false;
            }
            else if (b == '\\')
            {
                _escape = true;
            }
            else if (b == '"')
            {
                _inString = false;
                if (_capturingKey)
                {
                    _capturingKey = false;
                }
                else
                {
                    FinishValue();
                }
            }

            return;
        }

        switch (b)
        {
            case (byte)'"':
                _inString = true;
                if (_depth == 1 && !_afterColon)
                {
                    _capturingKey = true;
                    _key.Clear();
                    _key.Add(b);
                }
                else
                {
                    Capture(b);
                }

                break;
            case (byte)':' when _depth == 1:
                _afterColon = true;
                _valueFor = _key.Count switch
                {
                    4 when _key[0] == '"' && _key[1] == 'i' && _key[2] == 'd' => "id",
                    8 when "\"method\""u8.SequenceEqual(_key.ToArray()) => "method",
                    _ => null,
                };
                _value.Clear();
                break;
            case (byte)',' when _depth == 1:
                FinishValue();
                _afterColon = false;
                break;
            case (byte)'{' or (byte)'[':
                _depth++;
                break;
            case (byte)'}' or (byte)']':
                if (_depth == 1)
                {
                    FinishValue();
                }

                _depth--;
                break;
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                break;
            default:
                Capture(b);
                break;
        }
    }

    private void Capture(byte b)
    {
        if (_capturingKey)
        {
            if (_key.Count < MaxCapture)
            {
                _key.Add(b);
            }
        }
        else if (_depth == 1 && _afterColon && _valueFor is not null && _value.Count < MaxCapture)
        {
            _value.Add(b);
        }
    }

    private void FinishValue()
    {
        if (_valueFor is null || _value.Count == 0 || _value.Count >= MaxCapture)
        {
            _valueFor = null;
            return;
        }

        var raw = _value.ToArray();
        if (_valueFor == "id" && (raw[0] == '"' || raw[0] == '-' || char.IsAsciiDigit((char)raw[0])))
        {
            Id = raw;
        }
        else if (_valueFor == "method" && raw[0] == '"')
        {
            Method = System.Text.Json.JsonSerializer.Deserialize<string>(raw);
        }

        _valueFor = null;
        _value.Clear();
    }
}
