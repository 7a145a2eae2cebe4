using System.Buffers.Binary;
using System.Text;

namespace Mmoe.Models;

/// <summary>
/// The weight file format, all little-endian: the 8 ASCII bytes <c>MMOETNS1</c>, an int32 tensor count, then per
/// tensor an int32 name length, the UTF-8 name, an int32 rank, rank int32 dimensions, an int32 element type
/// (1 = float32) and the values in row-major order. Nothing may follow the last tensor.
/// </summary>
public static class TensorFile
{
    private const int Float32 = 1;
    private static readonly byte[] Magic = "MMOETNS1"u8.ToArray();

    public static byte[] Write(IReadOnlyList<NamedTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(tensors.Count);
            foreach (var tensor in tensors)
            {
                var name = Encoding.UTF8.GetBytes(tensor.Name);
                writer.Write(name.Length);
                writer.Write(name);
                writer.Write(tensor.Shape.Length);
                foreach (var dim in tensor.Shape)
                {
                    writer.Write(dim);
                }

                writer.Write(Float32);
                var bytes = new byte[tensor.Data.Length * sizeof(float)];
                for (var i = 0; i < tensor.Data.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), tensor.Data[i]);
                }

                writer.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Parses a weight file; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<NamedTensor> Read(ReadOnlySpan<byte> bytes, string source)
    {
        var reader = new SpanReader(bytes, source);
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source} is not an MMoE weight file (it does not start with 'MMOETNS1').");
        }

        reader.Skip(Magic.Length);
        var count = reader.Int32("tensor count");
        if (count is < 0 or > 1024)
        {
            throw new InvalidDataException($"{source}: implausible tensor count {count}; the file is corrupt.");
        }

        var tensors = new List<NamedTensor>(count);
        for (var t = 0; t < count; t++)
        {
            var nameLength = reader.Int32("name length");
            if (nameLength is <= 0 or > 1024)
            {
                throw new InvalidDataException($"{source}: tensor {t} has an implausible name length {nameLength}; the file is corrupt.");
            }

            var name = Encoding.UTF8.GetString(reader.Bytes(nameLength, "tensor name"));
            var rank = reader.Int32("rank");
            if (rank is < 0 or > 8)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' has an implausible rank {rank}; the file is corrupt.");
            }

            var shape = new int[rank];
            long elements = 1;
            for (var d = 0; d < rank; d++)
            {
                shape[d] = reader.Int32("dimension");
                if (shape[d] < 0)
                {
                    throw new InvalidDataException($"{source}: tensor '{name}' has a negative dimension; the file is corrupt.");
                }

                // Checked against what the file can hold at every step, so no shape can overflow the element count.
                if (shape[d] > 0 && elements > reader.Remaining / sizeof(float) / shape[d])
                {
                    throw new InvalidDataException(
                        $"{source}: tensor '{name}' has shape [{string.Join(", ", shape[..(d + 1)])}{(d + 1 < rank ? ", ..." : "")}], more values than the file's remaining {reader.Remaining} bytes hold; the file is corrupt.");
                }

                elements *= shape[d];
            }

            var type = reader.Int32("element type");
            if (type != Float32)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' has element type {type}; only 1 (float32) is supported.");
            }

            if (elements * sizeof(float) > reader.Remaining)
            {
                throw new InvalidDataException(
                    $"{source} is truncated: tensor '{name}' needs {elements * sizeof(float)} bytes but only {reader.Remaining} remain.");
            }

            var raw = reader.Bytes((int)(elements * sizeof(float)), name);
            var data = new float[elements];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
                if (!float.IsFinite(data[i]))
                {
                    // A NaN or infinite weight makes every verdict NaN, which fails far from its cause; refuse it at load.
                    throw new InvalidDataException($"{source}: tensor '{name}' holds a non-finite value ({data[i]}) at index {i}; the weights are corrupt. Retrain the model.");
                }
            }

            tensors.Add(new NamedTensor(name, shape, data));
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"{source} has {reader.Remaining} unexpected bytes after its last tensor; the file is corrupt.");
        }

        return tensors;
    }

    private ref struct SpanReader(ReadOnlySpan<byte> bytes, string source)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly int Remaining => _bytes.Length - _position;

        public void Skip(int count) => _position += count;

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(sizeof(int), what));

        public ReadOnlySpan<byte> Bytes(int count, string what)
        {
            if (count > Remaining)
            {
                throw new InvalidDataException($"{source} is truncated: it ends inside the {what}.");
            }

            var slice = _bytes.Slice(_position, count);
            _position += count;
            return slice;
        }
    }
}
