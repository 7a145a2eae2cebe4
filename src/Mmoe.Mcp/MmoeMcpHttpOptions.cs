namespace Mmoe.Mcp;

/// <summary>Where and within which limits <see cref="MmoeMcpServer.RunHttpAsync"/> serves the tools over streamable HTTP.</summary>
public sealed class MmoeMcpHttpOptions
{
    /// <summary>The MCP endpoint, e.g. <c>http://127.0.0.1:5100/mcp</c>: scheme, host and port to listen on, and the path clients post to.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>
    /// Largest request body accepted, in bytes (a data-URI image counts at its base64 size); larger requests get HTTP 413
    /// before they are read. Null: the server's <see cref="MmoeMcpServer.MessageLimit"/>, the same limit as over stdio.
    /// </summary>
    public long? MaxRequestBodyBytes { get; init; }

    /// <summary>Most connections served at once; more wait for the operating system's backlog or are refused.</summary>
    public int MaxConcurrentConnections { get; init; } = 64;

    /// <summary>How long a client may take to send its request headers.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
