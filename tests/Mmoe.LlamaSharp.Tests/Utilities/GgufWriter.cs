using System.Text;

namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>
/// Writes GGUF v3 files (metadata; F32 tensors from data, or random F32/F16/Q8_0 tensors generated while writing)
/// so tests and benchmarks can build the models and adapters they load.
/// </summary>
internal sealed class GgufWriter
{
    private const int Alignment = 32;
    private const int Q8Block = 32;
    private readonly List<(string Key, uint Type, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Shape, GgmlTensorType Type, Action<BinaryWriter> WriteData)> _tensors = [];

    public GgufWriter Add(string key, string value) => Add(key, 8, w => WriteString(w, value));

    public GgufWriter Add(string key, uint value) => Add(key, 4, w => w.Write(value));

    public GgufWriter Add(string key, float value) => Add(key, 6, w => w.Write(value));

    public GgufWriter Add(string key, bool value) => Add(key, 7, w => w.Write(value ? (byte)1 : (byte)0));

    public GgufWriter Add(string key, IReadOnlyList<string> values) => Add(key, 9, w =>
    {
        w.Write(8u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => Add(key, 9, w =>
    {
        w.Write(5u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<float> values) => Add(key, 9, w =>
    {
        w.Write(6u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    /// <summary>An F32 tensor; <paramref name="shape"/> in ggml order (fastest dimension first), data in row-major order of that layout.</summary>
    public GgufWriter AddTensor(string name, long[] shape, float[] data)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
        {
            throw new ArgumentException($"Tensor {name}: shape and data length differ.");
        }

        _tensors.Add((name, shape, GgmlTensorType.F32, writer =>
        {
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            writer.Write(bytes);
        }));
        return this;
    }

    /// <summary>
    /// A tensor of uniform random values in ±<paramref name="scale"/>, generated while the file is written so that
    /// models at real sizes (hundreds of MB) never sit in memory. Q8_0 needs the first dimension to be a multiple of 32.
    /// </summary>
    public GgufWriter AddRandomTensor(string name, long[] shape, GgmlTensorType type, int seed, float scale)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (type == GgmlTensorType.Q8_0 && shape[0] % Q8Block != 0)
        {
            throw new ArgumentException($"Tensor {name}: Q8_0 needs the first dimension to be a multiple of {Q8Block}.");
        }

        _tensors.Add((name, shape, type, writer => WriteRandom(writer, count, type, seed, scale)));
        return this;
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(0x46554747u);
        writer.Write(3u);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, type, write) in _metadata)
        {
            WriteString(writer, key);
            writer.Write(type);
            write(writer);
        }

        ulong offset = 0;
        foreach (var (name, shape, type, _) in _tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write((uint)type);
            writer.Write(offset);
            offset += Aligned(ByteSize(type, shape.Aggregate(1L, (a, b) => a * b)));
        }

        Pad(writer);
        foreach (var (_, _, _, writeData) in _tensors)
        {
            writeData(writer);
            Pad(writer);
        }
    }

    private static ulong ByteSize(GgmlTensorType type, long count) => type switch
    {
        GgmlTensorType.F32 => (ulong)count * 4,
        GgmlTensorType.F16 => (ulong)count * 2,
        GgmlTensorType.Q8_0 => (ulong)(count / Q8Block) * (2 + Q8Block),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static void WriteRandom(BinaryWriter writer, long count, GgmlTensorType type, int seed, float scale)
    {
        // xorshift: System.Random is too slow for the ~500M values of a 0.5B model.
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
        float Next()
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return ((state >> 40) / (float)(1 << 24) * 2 - 1) * scale;
        }

        var buffer = new byte[1 << 16];
        var used = 0;
        void Flush(int needed)
        {
            if (used + needed > buffer.Length)
            {
                writer.Write(buffer, 0, used);
                used = 0;
            }
        }

        if (type == GgmlTensorType.Q8_0)
        {
            // Each block: an F16 scale, then 32 signed bytes; the values are scale × byte.
            var blockScale = BitConverter.HalfToUInt16Bits((Half)(scale / 127f));
            for (long block = 0; block < count / Q8Block; block++)
            {
                Flush(2 + Q8Block);
                buffer[used++] = (byte)blockScale;
                buffer[used++] = (byte)(blockScale >> 8);
                for (var i = 0; i < Q8Block; i++)
                {
                    buffer[used++] = (byte)(sbyte)(Next() / scale * 127f);
                }
            }
        }
        else
        {
            for (long i = 0; i < count; i++)
            {
                Flush(4);
                if (type == GgmlTensorType.F16)
                {
                    var bits = BitConverter.HalfToUInt16Bits((Half)Next());
                    buffer[used++] = (byte)bits;
                    buffer[used++] = (byte)(bits >> 8);
                }
                else
                {
                    BitConverter.TryWriteBytes(buffer.AsSpan(used), Next());
                    used += 4;
                }
            }
        }

        writer.Write(buffer, 0, used);
    }

    private GgufWriter Add(string key, uint type, Action<BinaryWriter> write)
    {
        _metadata.Add((key, type, write));
        return this;
    }

    private static ulong Aligned(ulong size) => (size + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        var position = writer.BaseStream.Position;
        var padding = (int)(Aligned((ulong)position) - (ulong)position);
        writer.Write(new byte[padding]);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}

/// <summary>The ggml tensor types the writer produces (values as in ggml.h).</summary>
internal enum GgmlTensorType : uint
{
    F32 = 0,
    F16 = 1,
    Q8_0 = 8,
}
