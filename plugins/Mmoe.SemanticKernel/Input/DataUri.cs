namespace Mmoe.SemanticKernel.Input;

/// <summary>Decodes <c>data:[media type][;base64],payload</c> image URIs, refusing oversized payloads before decoding them.</summary>
internal static class DataUri
{
    public static bool IsDataUri(string value) => value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    public static byte[] Decode(string uri, long maxBytes)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw Malformed("it has no ',' separating the header from the data");
        }

        var header = uri.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed("it is not base64-encoded; use data:image/png;base64,<data>");
        }

        var payload = uri.AsSpan(comma + 1).Trim();
        if (payload.IsEmpty)
        {
            throw Malformed("its data is empty");
        }

        var decodedUpperBound = (payload.Length + 3L) / 4 * 3;
        if (decodedUpperBound - 2 > maxBytes)
        {
            throw new MmoeToolException(
                ToolErrorCodes.ImageTooLarge,
                $"The image is larger than this host accepts ({maxBytes} bytes): send a smaller or more compressed image, or pass a caption instead.");
        }

        var buffer = new byte[decodedUpperBound];
        if (!Convert.TryFromBase64Chars(payload, buffer, out var written))
        {
            throw Malformed("its data is not valid base64");
        }

        if (written > maxBytes)
        {
            throw new MmoeToolException(
                ToolErrorCodes.ImageTooLarge,
                $"The image is larger than this host accepts ({maxBytes} bytes): send a smaller or more compressed image, or pass a caption instead.");
        }

        return buffer[..written];
    }

    private static MmoeToolException Malformed(string reason) =>
        new(ToolErrorCodes.MalformedDataUri, $"The image data URI is malformed: {reason}. Expected data:image/<format>;base64,<data>.");
}
