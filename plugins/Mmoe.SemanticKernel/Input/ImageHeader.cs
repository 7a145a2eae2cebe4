using System.Buffers.Binary;

namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// The format and pixel size of an image, read from its first bytes. Checking these before anything decodes the
/// image keeps non-images and decompression bombs away from the image-to-text backend.
/// </summary>
internal sealed record ImageHeader(string MediaType, long Width, long Height)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Recognises PNG, JPEG, GIF, WebP and BMP; null for anything else or a header too damaged to give a size.</summary>
    public static ImageHeader? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
        {
            return bytes.Length >= 24 && bytes[12..16].SequenceEqual("IHDR"u8)
                ? new("image/png", BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]))
                : null;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return bytes.Length >= 10
                ? new("image/gif", BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]))
                : null;
        }

        if (bytes.StartsWith("BM"u8))
        {
            return bytes.Length >= 26
                ? new("image/bmp", Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])))
                : null;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ReadWebP(bytes);
        }

        return bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? ReadJpeg(bytes) : null;
    }

    private static ImageHeader? ReadWebP(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }

        var chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return new("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && bytes[20] == 0x2F)
        {
            var width = 1 + (bytes[21] | ((bytes[22] & 0x3F) << 8));
            var height = 1 + ((bytes[22] >> 6) | (bytes[23] << 2) | ((bytes[24] & 0x0F) << 10));
            return new("image/webp", width, height);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            var width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
            var height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
            return new("image/webp", width, height);
        }

        return null;
    }

    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 9 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                return null;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            // Start-of-frame markers carry the size; C4 (Huffman tables), C8 and CC (arithmetic coding) share the range but do not.
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return new("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 5)..]));
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
        }

        return null;
    }
}
