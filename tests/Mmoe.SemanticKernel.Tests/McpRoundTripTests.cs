using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>Starts the real MCP server code in a child process (this test assembly's own entry point, see Program) and talks to it with the SDK's client.</summary>
public sealed class McpRoundTripTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private McpClient? _client;

    private McpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mmoe-test-host",
            Command = "dotnet",
            Arguments = [typeof(McpRoundTripTests).Assembly.Location],
            StandardErrorLines = _serverErrors.Enqueue,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_server_lists_the_plugins_tools_with_the_same_schemas_as_the_kernel_functions()
    {
        var tools = await Client.ListToolsAsync();
        var functions = TestKernels.Create().GetMmoeFunctions();

        Assert.Equal(functions.Select(f => f.Name), tools.Select(t => t.Name));
        foreach (var function in functions)
        {
            var tool = tools.Single(t => t.Name == function.Name);
            Assert.Equal(function.Description, tool.Description);
            Assert.True(JsonElement.DeepEquals(function.JsonSchema, tool.JsonSchema), $"{function.Name}: input schemas differ");
            Assert.True(JsonElement.DeepEquals(function.ReturnJsonSchema!.Value, tool.ProtocolTool.OutputSchema!.Value), $"{function.Name}: output schemas differ");
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        }
    }

    [Fact]
    public async Task Calling_detect_sarcasm_returns_the_verdict_as_json()
    {
        const string text = "Totally love waiting in this queue";
        const string caption = "a long queue in the rain";

        var result = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = text, ["caption"] = caption });

        Assert.NotEqual(true, result.IsError);
        using var verdict = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var expected = TestKernels.Expected(text, caption);
        Assert.Equal(expected.IsSarcastic, verdict.RootElement.GetProperty("isSarcastic").GetBoolean());
        Assert.Equal(expected.Probability, verdict.RootElement.GetProperty("probability").GetDouble());
        Assert.Equal(expected.DrivingInteraction.JsonName(), verdict.RootElement.GetProperty("drivingInteraction").GetString());
        Assert.True(JsonElement.DeepEquals(verdict.RootElement, result.StructuredContent!.Value));
    }

    [Fact]
    public async Task Tool_errors_reach_the_client_as_clear_messages_without_internals_and_logs_go_to_stderr()
    {
        var empty = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "" });
        var crash = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = LexicalTestDetector.CrashMarker });
        var missing = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["caption"] = "a cat" });

        Assert.True(empty.IsError);
        Assert.Contains("The text is empty", Text(empty), StringComparison.Ordinal);
        Assert.True(crash.IsError);
        Assert.Contains("detector failed", Text(crash), StringComparison.Ordinal);
        Assert.DoesNotContain(LexicalTestDetector.SecretInCrashMessage, Text(crash), StringComparison.Ordinal);
        Assert.True(missing.IsError);
        Assert.Contains("'text'", Text(missing), StringComparison.Ordinal);

        // The plugin logs refusals at Warning; in the server process they must arrive on stderr (stdout carries the protocol).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_serverErrors.Any(line => line.Contains("empty_text", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(_serverErrors, line => line.Contains("empty_text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tools_work_as_ai_functions_through_the_mcp_client()
    {
        var tools = await Client.ListToolsAsync();
        var moderate = tools.Single(t => t.Name == "moderate_posts");

        var result = await moderate.CallAsync(new Dictionary<string, object?>
        {
            ["posts"] = new object[] { new { id = "a", text = "Yeah right, best day ever" }, new { id = "b", text = "" } },
        });

        Assert.NotEqual(true, result.IsError);
        var report = result.StructuredContent!.Value;
        Assert.Equal(TestKernels.Expected("Yeah right, best day ever").Probability, report.GetProperty("items")[0].GetProperty("verdict").GetProperty("probability").GetDouble());
        Assert.Equal("empty_text", report.GetProperty("items")[1].GetProperty("error").GetProperty("code").GetString());
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
}
