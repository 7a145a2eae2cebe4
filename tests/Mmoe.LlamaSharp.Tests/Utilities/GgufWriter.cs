using System.Text;

namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>Writes GGUF v3 files (metadata and F32 tensors) so tests can build the models and adapters they load.</summary>
internal sealed class GgufWriter
{
    private const int Alignment = 32;
    private readonly List<(string Key, uint Type, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Shape, float[] Data)> _tensors = [];

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

        _tensors.Add((name, shape, data));
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
        foreach (var (name, shape, data) in _tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(0u); // GGML_TYPE_F32
            writer.Write(offset);
            offset += Aligned((ulong)data.Length * 4);
        }

        Pad(writer);
        foreach (var (_, _, data) in _tensors)
        {
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            writer.Write(bytes);
            Pad(writer);
        }
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
