using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mmoe.Mcp;

/// <summary>
/// An MCP server whose tools are the <c>mmoe</c> plugin's kernel functions, so MCP clients see exactly the names,
/// descriptions and JSON schemas that Semantic Kernel and Microsoft.Extensions.AI hosts see.
/// </summary>
public sealed partial class MmoeMcpServer : IAsyncDisposable
{
    /// <summary>What a message may hold beyond one image at the plugin's size limit (the JSON around it, a caption, a context).</summary>
    private const int MessageOverheadBytes = 2 * 1024 * 1024;

    private readonly ServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;

    private MmoeMcpServer(ServiceProvider services, IReadOnlyList<McpServerTool> tools, ILoggerFactory loggerFactory)
    {
        _services = services;
        _loggerFactory = loggerFactory;
        Tools = tools;
    }

    public IReadOnlyList<McpServerTool> Tools { get; }

    /// <summary>
    /// Largest JSON-RPC message accepted, in bytes. Longer ones are skipped without being held in memory and answered
    /// with an error naming the limit. Null (the default) allows one image at <c>MmoeOptions.MaxImageBytes</c> as a data
    /// URI plus 2 MiB; batches with several large images have to be split.
    /// </summary>
    public int? MaxMessageBytes { get; set; }

    /// <summary>The effective message limit (see <see cref="MaxMessageBytes"/>).</summary>
    public int MessageLimit =>
        MaxMessageBytes ?? (int)Math.Min(int.MaxValue - 1, (_services.GetRequiredService<IOptions<MmoeOptions>>().Value.MaxImageBytes + 2) / 3 * 4 + MessageOverheadBytes);

    /// <summary>Waits for the detector to load, so a missing or broken model stops the server before any client connects.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => _services.GetMmoeDetectorAsync(cancellationToken);

    /// <summary>
    /// Builds the plugin and its tools. <paramref name="configureServices"/> registers the plugin (<c>AddMmoe</c>) and,
    /// optionally, an <c>IMmoeDetector</c> or <c>IImageToText</c>. Configuration errors (invalid options, no detector)
    /// are thrown here, before any client connects.
    /// </summary>
    public static MmoeMcpServer Create(Action<IServiceCollection> configureServices, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        configureServices(services);
        services.AddKernel();
        var provider = services.BuildServiceProvider();
        try
        {
            return new MmoeMcpServer(provider, CreateTools(provider.GetRequiredService<Kernel>()), loggerFactory);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>The kernel's <c>mmoe</c> functions as MCP tools (read-only, idempotent, closed-world), with structured results.</summary>
    public static IReadOnlyList<McpServerTool> CreateTools(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var logger = kernel.LoggerFactory.CreateLogger<MmoeMcpServer>();
        return kernel.GetMmoeFunctions(MmoeToolErrorHandling.Throw)
            .Select(McpServerTool (function) => new McpToolErrors(
                McpServerTool.Create(function, new McpServerToolCreateOptions
                {
                    Name = function.Name,
                    Description = function.Description,
                    ReadOnly = true,
                    Idempotent = true,
                    Destructive = false,
                    OpenWorld = false,
                    UseStructuredContent = true,
                }),
                logger))
            .ToList();
    }

    /// <summary>Serves the tools over standard input and output until the client disconnects or <paramref name="cancellationToken"/> fires.</summary>
    public Task RunStdioAsync(CancellationToken cancellationToken) =>
        RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), cancellationToken);

    /// <summary>
    /// Serves the tools over a pair of streams (standard input and output, a pipe, a socket) until the client disconnects
    /// or <paramref name="cancellationToken"/> fires. Messages over <see cref="MaxMessageBytes"/> are refused unread.
    /// </summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var options = ServerOptions();
        var limitedOutput = new McpOutputStream(output);
        var logger = _loggerFactory.CreateLogger<MmoeMcpServer>();
        var limitedInput = new McpInputStream(input, MessageLimit, (message, ct) => RefuseAsync(message, limitedOutput, logger, ct));
        await using var transport = new StreamServerTransport(limitedInput, limitedOutput, options.ServerInfo!.Name, _loggerFactory);
        await RunAsync(transport, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(ITransport transport, McpServerOptions options, CancellationToken cancellationToken)
    {
        await using var server = McpServer.Create(transport, options, _loggerFactory, _services);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private McpServerOptions ServerOptions()
    {
        var options = new McpServerOptions { ServerInfo = ServerInfo, ToolCollection = [] };
        foreach (var tool in Tools)
        {
            options.ToolCollection.Add(tool);
        }

        return options;
    }

    /// <summary>
    /// Serves the same tools over MCP's streamable HTTP transport at <see cref="MmoeMcpHttpOptions.Endpoint"/> until
    /// <paramref name="cancellationToken"/> fires: one shared detector for a team. Stateless (any request may reach any
    /// instance behind a load balancer), with the stdio server's message limit as the request size limit, and connection and header-time limits. It has no
    /// authentication of its own: keep it on a loopback or private address, or put it behind a proxy that authenticates.
    /// </summary>
    public async Task RunHttpAsync(MmoeMcpHttpOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Endpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The MCP endpoint '{endpoint}' is not an http:// or https:// URL such as http://127.0.0.1:5100/mcp.", nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.UseUrls(endpoint.GetLeftPart(UriPartial.Authority));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes ?? MessageLimit;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        });
        builder.Services.AddMcpServer(server => server.ServerInfo = ServerInfo)
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools(Tools);
        await using var app = builder.Build();
        app.MapMcp(endpoint.AbsolutePath);
        if (!IsLoopback(endpoint))
        {
            LogUnauthenticatedEndpoint(_loggerFactory.CreateLogger<MmoeMcpServer>(), endpoint);
        }

        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Implementation ServerInfo => new()
    {
        Name = "mmoe",
        Version = typeof(MmoeMcpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
    };

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static void LogUnauthenticatedEndpoint(ILogger logger, Uri endpoint) =>
        logger.LogWarning("The MCP server listens on {Endpoint}, which is not a loopback address, and has no authentication of its own: expose it only on a private network or behind an authenticating proxy.", endpoint);


    /// <summary>Answers a message too large to read: a tool error for a tool call (what an agent sees), a JSON-RPC error otherwise; nothing for a notification or when the id was not in its first bytes.</summary>
    private static async Task RefuseAsync(OversizedMessage message, McpOutputStream output, ILogger logger, CancellationToken cancellationToken)
    {
        LogOversized(logger, message.Bytes, message.MaxBytes, message.Method ?? "(unknown)");
        if (message.Id is null)
        {
            return;
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"The request is {message.Bytes} bytes; this server accepts at most {message.MaxBytes} bytes per message. Send smaller or more compressed images, shorter texts, or split the batch into several calls.");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            writer.WriteRawValue(message.Id, skipInputValidation: true);
            if (message.Method == "tools/call")
            {
                writer.WriteStartObject("result");
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteBoolean("isError", true);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteNumber("code", -32600);
                writer.WriteString("message", text);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        await output.WriteMessageAsync(buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Logging for a stdio server: everything goes to standard error, because standard output carries the protocol.
    /// The SDK logs whole messages (posts, images) at Trace; its categories never go below Debug, so no level logs
    /// post contents.
    /// </summary>
    public static ILoggerFactory CreateStandardErrorLoggerFactory(LogLevel minimumLevel) =>
        LoggerFactory.Create(logging => logging
            .SetMinimumLevel(minimumLevel)
            .AddFilter("ModelContextProtocol", minimumLevel < LogLevel.Debug ? LogLevel.Debug : minimumLevel)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Bytes}-byte message ({Method}): the limit is {Limit} bytes")]
    private static partial void LogOversized(ILogger logger, long bytes, int limit, string method);
}
