using System.Text;
using System.Text.Json;
using Mmoe.Mcp;
using ModelContextProtocol.Client;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>The server's stdio transport: unpaired surrogates, oversized messages and memory under repeated large requests.</summary>
public sealed class McpTransportTests
{
    /// <summary>
    /// Resident memory the server may hold after the 40 large requests below. Measured: 250–330 MiB (it idles at about
    /// 70 MiB, and up to one request's garbage may still be uncollected); before the fixes the same requests left
    /// 1.5 GB, and one 100 MB request 1.4 GB. The margin absorbs GC timing on a loaded machine.
    /// </summary>
    private const long RssBoundMiB = 640;

    [Fact]
    public async Task An_escaped_lone_surrogate_is_a_binary_text_error_for_its_field_or_item_not_a_failed_call()
    {
        using var server = await RawMcpConnection.StartAsync();

        var text = await server.CallAsync(1, "detect_sarcasm", """{"text":"\ud800"}""");
        var caption = await server.CallAsync(2, "detect_sarcasm", """{"text":"Sure, great idea","caption":"a cat \udc00"}""");
        var batch = await server.CallAsync(3, "moderate_posts", """{"posts":[{"text":"Yeah right"},{"text":"\uD800\uD800"}]}""");
        var paired = await server.CallAsync(4, "detect_sarcasm", """{"text":"Love it \ud83d\ude43 and \\ud800 as text"}""");

        Assert.Contains("The text looks like binary data", ToolError(text), StringComparison.Ordinal);
        Assert.Contains("The caption looks like binary data", ToolError(caption), StringComparison.Ordinal);
        var items = batch.GetProperty("result").GetProperty("structuredContent").GetProperty("items");
        Assert.Equal(JsonValueKind.Object, items[0].GetProperty("verdict").ValueKind);
        Assert.Equal(ToolErrorCodes.BinaryText, items[1].GetProperty("error").GetProperty("code").GetString());
        Assert.False(paired.GetProperty("result").TryGetProperty("isError", out var isError) && isError.GetBoolean());
    }

    [Fact]
    public async Task Oversized_requests_are_refused_with_the_limit_and_twenty_in_a_row_keep_memory_bounded()
    {
        await using var host = await McpServerHost.StartAsync("Warning");
        var overMessageLimit = "data:image/png;base64," + new string('A', 20 * 1024 * 1024);
        var overImageLimit = "data:image/png;base64," + new string('A', 14 * 1024 * 1024);

        for (var i = 0; i < 20; i++)
        {
            var refused = await host.Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "hi", ["image"] = overMessageLimit });
            Assert.True(refused.IsError);
            Assert.Contains("this server accepts at most", McpBadInputTests.Text(refused), StringComparison.Ordinal);
        }

        for (var i = 0; i < 20; i++)
        {
            var refused = await host.Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "hi", ["image"] = overImageLimit });
            Assert.True(refused.IsError);
            Assert.Contains("The image is larger than this host accepts", McpBadInputTests.Text(refused), StringComparison.Ordinal);
        }

        var rss = host.ResidentMiB();
        Assert.True(rss <= RssBoundMiB, $"the server holds {rss} MiB after 40 large requests; the bound is {RssBoundMiB} MiB");
        var after = await host.Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "Still working?" });
        Assert.NotEqual(true, after.IsError);
    }

    [Theory]
    [InlineData("""{"t":"\ud800"}""", """{"t":"\u0000"}""")]
    [InlineData("""{"t":"\udc00x\uDBFF"}""", """{"t":"\u0000x\u0000"}""")]
    [InlineData("""{"t":"\ud83d\ude43"}""", """{"t":"\ud83d\ude43"}""")]
    [InlineData("""{"t":"\\ud800","u":"\"\ud800"}""", """{"t":"\\ud800","u":"\"\u0000"}""")]
    [InlineData("""{"t":"\u0041"}""", """{"t":"\u0041"}""")]
    public void Only_unpaired_surrogate_escapes_inside_strings_are_rewritten(string line, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(line);

        McpInputStream.ReplaceLoneSurrogateEscapes(bytes);

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task An_oversized_line_is_skipped_unread_and_the_next_line_passes_through()
    {
        var big = "{\"jsonrpc\":\"2.0\",\"id\":\"req-7\",\"method\":\"tools/call\",\"params\":{\"arguments\":{\"image\":\"" + new string('A', 300_000) + "\"}}}";
        var input = new MemoryStream(Encoding.UTF8.GetBytes(big + "\n{\"jsonrpc\":\"2.0\",\"id\":8}\n"));
        var refused = new List<OversizedMessage>();
        await using var stream = new McpInputStream(input, 100_000, (message, _) => { refused.Add(message); return Task.CompletedTask; });

        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.Equal("{\"jsonrpc\":\"2.0\",\"id\":8}\n", rest);
        var message = Assert.Single(refused);
        Assert.Equal(big.Length + 1, message.Bytes);
        Assert.Equal("\"req-7\"", Encoding.UTF8.GetString(message.Id!));
        Assert.Equal("tools/call", message.Method);
    }

    [Fact]
    public async Task An_oversized_request_is_answered_even_when_its_id_follows_the_params()
    {
        // System.Text.Json clients (the SDK's own) write "method" and "params" before "id".
        var big = "{\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"text\":\"a\\\"}\",\"image\":\"" + new string('A', 300_000) + "\"}},\"id\":42,\"jsonrpc\":\"2.0\"}";
        var refused = new List<OversizedMessage>();
        await using var stream = new McpInputStream(new MemoryStream(Encoding.UTF8.GetBytes(big + "\n")), 100_000, (message, _) => { refused.Add(message); return Task.CompletedTask; });

        Assert.Equal("", await new StreamReader(stream).ReadToEndAsync());

        var message = Assert.Single(refused);
        Assert.Equal("42", Encoding.UTF8.GetString(message.Id!));
        Assert.Equal("tools/call", message.Method);
    }

    private static string ToolError(JsonElement response)
    {
        var result = response.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        return result.GetProperty("content")[0].GetProperty("text").GetString()!;
    }
}
