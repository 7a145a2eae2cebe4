using System.Buffers.Binary;
using System.Text;

namespace Mmoe.Onnx.TestModels;

/// <summary>The protocol-buffers wire format, just enough to write ONNX models: varints, 32-bit floats and length-delimited fields.</summary>
internal sealed class ProtoWriter
{
    private const int VarintWire = 0;
    private const int LengthWire = 2;
    private const int Fixed32Wire = 5;

    private readonly MemoryStream _stream = new();

    public ProtoWriter Int(int field, long value)
    {
        Tag(field, VarintWire);
        Varint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Fixed32Wire);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _stream.Write(bytes);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthWire);
        Varint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A repeated int64 field in packed form.</summary>
    public ProtoWriter PackedInts(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var value in values)
        {
            packed.Varint(unchecked((ulong)value));
        }

        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _stream.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
