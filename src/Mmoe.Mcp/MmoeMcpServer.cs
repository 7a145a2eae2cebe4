using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mmoe.Mcp;

/// <summary>
/// An MCP server whose tools are the <c>mmoe</c> plugin's kernel functions, so MCP clients see exactly the names,
/// descriptions and JSON schemas that Semantic Kernel and Microsoft.Extensions.AI hosts see.
/// </summary>
public sealed class MmoeMcpServer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;

    private MmoeMcpServer(ServiceProvider services, IReadOnlyList<McpServerTool> tools, ILoggerFactory loggerFactory)
    {
        _services = services;
        _loggerFactory = loggerFactory;
        Tools = tools;
    }

    public IReadOnlyList<McpServerTool> Tools { get; }

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
    public static IReadOnlyList<McpServerTool> CreateTools(Kernel kernel) =>
        kernel.GetMmoeFunctions(MmoeToolErrorHandling.Throw)
            .Select(function => McpServerTool.Create(new McpToolFunction(function), new McpServerToolCreateOptions
            {
                Name = function.Name,
                Description = function.Description,
                ReadOnly = true,
                Idempotent = true,
                Destructive = false,
                OpenWorld = false,
                UseStructuredContent = true,
            }))
            .ToList();

    /// <summary>Serves the tools over standard input and output until the client disconnects or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunStdioAsync(CancellationToken cancellationToken)
    {
        var options = new McpServerOptions { ServerInfo = ServerInfo, ToolCollection = [] };
        foreach (var tool in Tools)
        {
            options.ToolCollection.Add(tool);
        }

        await using var transport = new StdioServerTransport(options, _loggerFactory);
        await using var server = McpServer.Create(transport, options, _loggerFactory, _services);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves the same tools over MCP's streamable HTTP transport at <see cref="MmoeMcpHttpOptions.Endpoint"/> until
    /// <paramref name="cancellationToken"/> fires: one shared detector for a team. Stateless (any request may reach any
    /// instance behind a load balancer), with request size, connection and header-time limits. It has no
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
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
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

    /// <summary>Logging for a stdio server: everything goes to standard error, because standard output carries the protocol.</summary>
    public static ILoggerFactory CreateStandardErrorLoggerFactory(LogLevel minimumLevel) =>
        LoggerFactory.Create(logging => logging
            .SetMinimumLevel(minimumLevel)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
