using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>The test host (<see cref="Program"/>) in a child process, reached with the SDK's MCP client over stdio.</summary>
internal sealed class McpServerHost : IAsyncDisposable
{
    private McpServerHost(McpClient client, ConcurrentQueue<string> errors)
    {
        Client = client;
        Errors = errors;
    }

    public McpClient Client { get; }

    /// <summary>The server's standard error, line by line (its log).</summary>
    public ConcurrentQueue<string> Errors { get; }

    public static async Task<McpServerHost> StartAsync(string logLevel = "Information")
    {
        var errors = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mmoe-test-host",
            Command = "dotnet",
            Arguments = [typeof(McpServerHost).Assembly.Location, logLevel],
            StandardErrorLines = errors.Enqueue,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return new McpServerHost(await McpClient.CreateAsync(transport, cancellationToken: timeout.Token), errors);
    }

    /// <summary>The server's resident set size in MiB, from /proc/&lt;pid&gt;/status (VmRSS).</summary>
    public long ResidentMiB()
    {
        var pidLine = Errors.First(line => line.StartsWith(Program.PidPrefix, StringComparison.Ordinal));
        var pid = int.Parse(pidLine[Program.PidPrefix.Length..], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}

/// <summary>
/// The test host driven with raw JSON-RPC lines, for inputs no SDK client can produce: System.Text.Json refuses to
/// write an escaped unpaired surrogate ("\ud800"), which any other client can send.
/// </summary>
internal sealed class RawMcpConnection : IDisposable
{
    private readonly Process _process;

    private RawMcpConnection(Process process) => _process = process;

    public static async Task<RawMcpConnection> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [typeof(RawMcpConnection).Assembly.Location, "Warning"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var connection = new RawMcpConnection(process);
        await connection.SendAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        await connection.ReadAsync();
        await connection.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return connection;
    }

    /// <summary>Calls a tool with its arguments as raw JSON text; returns the JSON-RPC response.</summary>
    public async Task<JsonElement> CallAsync(int id, string tool, string rawArguments)
    {
        await SendAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{rawArguments}}}}}""");
        return await ReadAsync();
    }

    private async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    private async Task<JsonElement> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The server closed its output.");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
