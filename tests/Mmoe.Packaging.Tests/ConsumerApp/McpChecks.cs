using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModelContextProtocol.Client;

/// <summary>The installed mmoe tool as an MCP server, over stdio and over streamable HTTP, through the official C# client.</summary>
internal static class McpChecks
{
    public static async Task<string> StdioAsync(string mmoe)
    {
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new() { Name = "mmoe", Command = mmoe, Arguments = ["mcp"] }));
        return await DescribeAsync(client);
    }

    public static async Task<string> HttpAsync(string mmoe)
    {
        var url = $"http://127.0.0.1:{FreePort()}/mcp";
        using var server = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(mmoe) { ArgumentList = { "mcp", "--http", url }, RedirectStandardError = true })!;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await using var client = await McpClient.CreateAsync(new HttpClientTransport(new() { Endpoint = new Uri(url), TransportMode = HttpTransportMode.StreamableHttp }));
                    return await DescribeAsync(client);
                }
                catch (HttpRequestException) when (attempt < 50 && !server.HasExited)
                {
                    await Task.Delay(200);
                }
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<string> DescribeAsync(McpClient client)
    {
        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "Oh great, another Monday.", ["caption"] = "A man rolls his eyes." });
        var verdict = result.StructuredContent!.Value;
        return $"tools={string.Join(",", tools.Select(t => t.Name))} driving={verdict.GetProperty("drivingInteraction").GetString()} explanation={verdict.TryGetProperty("explanation", out _)}";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
