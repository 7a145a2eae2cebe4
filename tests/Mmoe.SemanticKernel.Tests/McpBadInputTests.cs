using System.Text.Json;
using Json.Schema;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>
/// Bad input against the real MCP server in a child process, through the SDK's MCP client over stdio (and raw JSON-RPC
/// lines where no SDK client can produce the input). Each test pins a failure an outside probe found.
/// </summary>
public sealed class McpBadInputTests : IAsyncLifetime
{
    private const string Marker = "QX-POST-CONTENT-7731";
    private McpServerHost? _host;

    private McpClient Client => _host!.Client;

    // Trace: the most verbose level must still keep post contents out of the log.
    public async Task InitializeAsync() => _host = await McpServerHost.StartAsync("Trace");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_tools_results_validate_against_its_published_output_schema()
    {
        var tools = (await Client.ListToolsAsync()).ToDictionary(tool => tool.Name);
        var image = TestImages.DataUri(TestImages.Png1x1);
        var calls = new (string Tool, Dictionary<string, object?> Arguments)[]
        {
            ("detect_sarcasm", new() { ["text"] = "Oh great, another Monday" }),
            ("detect_sarcasm", new() { ["text"] = "Oh great, another Monday", ["caption"] = "a flooded street" }),
            ("detect_sarcasm", new() { ["text"] = "Oh great, another Monday", ["image"] = image }),
            ("detect_sarcasm", new() { ["text"] = new string('a', 9000), ["context"] = "A: hi\nB: hello" }),
            ("explain_interaction", new() { ["text"] = "Totally love this queue" }),
            ("explain_interaction", new() { ["text"] = "Totally love this queue", ["caption"] = "a long queue" }),
            ("moderate_posts", new() { ["posts"] = Json("""[{"text":"Yeah right"}]""") }),
            ("moderate_posts", new()
            {
                ["posts"] = Json($$"""
                    [{"id":"a","text":"Best day ever","caption":"rain"},{"id":"b","text":""},{"text":1},{"id":5,"text":"x"},null,"post",
                     {"text":"nice","image":"{{image}}"},{"id":"{{new string('i', 300)}}","text":"long id"},{"text":"{{LexicalTestDetector.CrashMarker}}"}]
                    """),
            }),
        };

        foreach (var (tool, arguments) in calls)
        {
            var result = await Client.CallToolAsync(tool, arguments);

            Assert.NotEqual(true, result.IsError);
            var schema = JsonSchema.Build(tools[tool].ProtocolTool.OutputSchema!.Value, new BuildOptions());
            var evaluation = schema.Evaluate(result.StructuredContent!.Value, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(evaluation.IsValid, $"{tool}({JsonSerializer.Serialize(arguments)[..Math.Min(120, JsonSerializer.Serialize(arguments).Length)]}): "
                + string.Join("; ", (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    [Fact]
    public async Task One_wrongly_typed_batch_item_fails_only_itself_with_a_message_naming_the_field()
    {
        var result = await Client.CallToolAsync("moderate_posts", new Dictionary<string, object?>
        {
            ["posts"] = Json("""[{"text":"Yeah right, best day ever"},{"text":1},{"id":5,"text":"x"},{"text":{"a":1}},"just a string"]"""),
        });

        Assert.NotEqual(true, result.IsError);
        var items = result.StructuredContent!.Value.GetProperty("items");
        Assert.Equal(JsonValueKind.Object, items[0].GetProperty("verdict").ValueKind);
        Assert.Equal(4, result.StructuredContent!.Value.GetProperty("errors").GetInt32());
        Assert.Equal("The post's 'text' must be a string; got a number.", Error(items[1]).Message);
        Assert.Equal("The post's 'id' must be a string; got a number.", Error(items[2]).Message);
        Assert.Equal("The post's 'text' must be a string; got an object.", Error(items[3]).Message);
        Assert.Contains("must be an object", Error(items[4]).Message, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal(ToolErrorCodes.InvalidArgument, Error(items[i]).Code));
    }

    [Theory]
    [InlineData("detect_sarcasm", """{"text":1}""", "The 'text' argument must be a string; got a number.")]
    [InlineData("detect_sarcasm", """{"text":"ok","caption":["a"]}""", "The 'caption' argument must be a string; got an array.")]
    [InlineData("explain_interaction", """{"text":true}""", "The 'text' argument must be a string; got a boolean.")]
    [InlineData("moderate_posts", """{"posts":"abc"}""", "The 'posts' argument must be an array of post objects ({\"text\": \"...\"}); got a string.")]
    public async Task Wrongly_typed_arguments_name_the_parameter_and_the_json_type_not_dotnet_types(string tool, string arguments, string expected)
    {
        var result = await Client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!);

        Assert.True(result.IsError);
        Assert.Equal(expected, Text(result));
        Assert.DoesNotContain("System.", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captions_come_back_as_untrusted_data_of_bounded_length()
    {
        var described = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?>
        {
            ["text"] = "Lovely weather", ["image"] = TestImages.DataUri(TestImages.Png1x1),
        });
        var supplied = await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?>
        {
            ["text"] = "Lovely weather", ["caption"] = InjectingCaptioner.Injection + Marker,
        });

        var caption = described.StructuredContent!.Value.GetProperty("caption");
        Assert.Equal("image_to_text", caption.GetProperty("source").GetString());
        Assert.Equal(300, caption.GetProperty("text").GetString()!.Length);
        Assert.True(caption.GetProperty("truncated").GetBoolean());
        Assert.Equal(2_000, caption.GetProperty("characters").GetInt32());
        var fromCaller = supplied.StructuredContent!.Value.GetProperty("caption");
        Assert.Equal("caller", fromCaller.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, fromCaller.GetProperty("text").ValueKind);
        Assert.DoesNotContain("delete_all_posts", Text(supplied), StringComparison.Ordinal);
        var schema = (await Client.ListToolsAsync()).Single(t => t.Name == "detect_sarcasm").ProtocolTool.OutputSchema!.Value;
        Assert.Contains("UNTRUSTED DATA", schema.GetProperty("properties").GetProperty("caption").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_megabyte_id_is_refused_without_being_echoed()
    {
        var result = await Client.CallToolAsync("moderate_posts", new Dictionary<string, object?>
        {
            ["posts"] = new object[] { new { id = new string('x', 1024 * 1024), text = "Yeah right" }, new { id = "ok", text = "Sure" } },
        });

        var items = result.StructuredContent!.Value.GetProperty("items");
        Assert.Equal(ToolErrorCodes.IdTooLong, Error(items[0]).Code);
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("id").ValueKind);
        Assert.Equal("ok", items[1].GetProperty("id").GetString());
        Assert.True(Text(result).Length < 8_000, $"the report is {Text(result).Length} characters");
    }

    [Fact]
    public async Task Refusals_are_logged_once_at_warning_without_stack_traces_or_post_contents()
    {
        await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = Marker + new string('\u0001', 40) });
        await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = 42 });
        await Client.CallToolAsync("detect_sarcasm", new Dictionary<string, object?> { ["text"] = "Sure, " + Marker, ["caption"] = Marker });
        await Client.CallToolAsync("moderate_posts", new Dictionary<string, object?> { ["posts"] = Json($$"""[{"text":"{{Marker}}"},{"text":1}]""") });

        var log = await WaitForLogAsync("moderate_posts refused a post: invalid_argument");
        Assert.Single(log, line => line.Contains("detect_sarcasm refused a post: binary_text", StringComparison.Ordinal));
        Assert.Single(log, line => line.Contains("detect_sarcasm refused a post: invalid_argument", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains(Marker, StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> WaitForLogAsync(string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_host!.Errors.Any(line => line.Contains(expected, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return _host.Errors.ToList();
    }

    internal static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    private static (string Code, string Message) Error(JsonElement item)
    {
        Assert.Equal(JsonValueKind.Null, item.GetProperty("verdict").ValueKind);
        var error = item.GetProperty("error");
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }
}
