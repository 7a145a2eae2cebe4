using System.Text;

namespace Mmoe.LlamaSharp.Gguf;

/// <summary>Reads the header of a GGUF file (metadata and tensor directory) without touching the tensor data.</summary>
public static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const uint DefaultAlignment = 32;

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GgufFormatException">The file is not GGUF, or its header or tensor data is cut short.</exception>
    public static GgufHeader Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"GGUF file not found: {path}.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var fileLength = stream.Length;
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var name = Path.GetFileName(path);
        try
        {
            if (fileLength < 24 || reader.ReadUInt32() != Magic)
            {
                throw new GgufFormatException($"{name} is not a GGUF file (no 'GGUF' magic at the start).");
            }

            var version = reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                throw new GgufFormatException($"{name} is GGUF version {version}; versions 2 and 3 are supported.");
            }

            var tensorCount = CheckedCount(reader.ReadUInt64(), fileLength, name, "tensor count");
            var keyCount = CheckedCount(reader.ReadUInt64(), fileLength, name, "metadata count");
            var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
            for (long i = 0; i < keyCount; i++)
            {
                var key = ReadString(reader, fileLength, name);
                var type = (GgufValueType)reader.ReadUInt32();
                metadata[key] = ReadValue(reader, type, fileLength, name);
            }

            var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 4096));
            for (long i = 0; i < tensorCount; i++)
            {
                var tensorName = ReadString(reader, fileLength, name);
                var dimensions = reader.ReadUInt32();
                if (dimensions is 0 or > 4)
                {
                    throw new GgufFormatException($"{name}: tensor '{tensorName}' has {dimensions} dimensions (ggml allows 1 to 4).");
                }

                var shape = new long[dimensions];
                for (var d = 0; d < dimensions; d++)
                {
                    shape[d] = (long)reader.ReadUInt64();
                }

                tensors.Add(new GgufTensorInfo(tensorName, shape, reader.ReadUInt32(), reader.ReadUInt64()));
            }

            var alignment = metadata.TryGetValue("general.alignment", out var a) && a is long l && l > 0 ? (uint)l : DefaultAlignment;
            var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;
            var header = new GgufHeader
            {
                FilePath = path,
                Version = version,
                Metadata = metadata,
                Tensors = tensors,
                DataOffset = dataOffset,
                FileLength = fileLength,
            };
            CheckDataComplete(header, name);
            return header;
        }
        catch (EndOfStreamException)
        {
            throw new GgufFormatException($"{name} is truncated: the file ends inside its GGUF header ({fileLength} bytes). Download or convert it again.");
        }
    }

    private static void CheckDataComplete(GgufHeader header, string name)
    {
        foreach (var tensor in header.Tensors)
        {
            if (tensor.ByteCount is not { } bytes)
            {
                continue;
            }

            var end = header.DataOffset + (long)tensor.Offset + bytes;
            if (end > header.FileLength)
            {
                throw new GgufFormatException(
                    $"{name} is truncated: tensor '{tensor.Name}' needs bytes up to {end} but the file has {header.FileLength}. Download or convert it again.");
            }
        }
    }

    private static long CheckedCount(ulong count, long fileLength, string name, string what) =>
        count <= (ulong)fileLength ? (long)count : throw new GgufFormatException($"{name}: the header's {what} ({count}) is impossible for a {fileLength}-byte file.");

    private static string ReadString(BinaryReader reader, long fileLength, string name)
    {
        var length = reader.ReadUInt64();
        if (length > (ulong)(fileLength - reader.BaseStream.Position))
        {
            throw new GgufFormatException($"{name} is truncated or corrupt: a {length}-byte string runs past the end of the file.");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    private static object ReadValue(BinaryReader reader, GgufValueType type, long fileLength, string name) => type switch
    {
        GgufValueType.UInt8 => (long)reader.ReadByte(),
        GgufValueType.Int8 => (long)reader.ReadSByte(),
        GgufValueType.UInt16 => (long)reader.ReadUInt16(),
        GgufValueType.Int16 => (long)reader.ReadInt16(),
        GgufValueType.UInt32 => (long)reader.ReadUInt32(),
        GgufValueType.Int32 => (long)reader.ReadInt32(),
        GgufValueType.UInt64 => (long)reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float32 => (double)reader.ReadSingle(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(reader, fileLength, name),
        GgufValueType.Array => ReadArray(reader, fileLength, name),
        _ => throw new GgufFormatException($"{name}: unknown GGUF metadata type {(uint)type}."),
    };

    private static object ReadArray(BinaryReader reader, long fileLength, string name)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = (int)Math.Min(CheckedCount(reader.ReadUInt64(), fileLength, name, "array length"), int.MaxValue);
        switch (elementType)
        {
            case GgufValueType.String:
                var strings = new string[count];
                for (var i = 0; i < count; i++)
                {
                    strings[i] = ReadString(reader, fileLength, name);
                }

                return strings;
            case GgufValueType.Float32 or GgufValueType.Float64:
                var floats = new double[count];
                for (var i = 0; i < count; i++)
                {
                    floats[i] = (double)ReadValue(reader, elementType, fileLength, name);
                }

                return floats;
            case GgufValueType.Bool:
                var bools = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    bools[i] = reader.ReadByte() != 0;
                }

                return bools;
            case GgufValueType.Array:
                var nested = new object[count];
                for (var i = 0; i < count; i++)
                {
                    nested[i] = ReadArray(reader, fileLength, name);
                }

                return nested;
            default:
                var integers = new long[count];
                for (var i = 0; i < count; i++)
                {
                    integers[i] = (long)ReadValue(reader, elementType, fileLength, name);
                }

                return integers;
        }
    }
}
