using System.Buffers.Binary;

namespace Mmoe.SemanticKernel.Tests;

internal static class TestImages
{
    /// <summary>A real 1×1 PNG.</summary>
    public static byte[] Png1x1 { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static string DataUri(byte[] bytes, string mediaType = "image/png") => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>A PNG whose header claims the given size (the pixel data is irrelevant: the plugin refuses it before decoding).</summary>
    public static byte[] PngClaiming(uint width, uint height)
    {
        var bytes = (byte[])Png1x1.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }
}
