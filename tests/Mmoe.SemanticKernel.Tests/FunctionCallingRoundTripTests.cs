using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Mmoe.SemanticKernel.Tests;

public sealed class FunctionCallingRoundTripTests
{
    [Fact]
    public async Task A_model_requested_detect_sarcasm_call_is_answered_by_the_real_plugin()
    {
        const string text = "Oh great, just what I needed on my day off";
        const string caption = "a flooded street in the rain";
        var model = new ScriptedChatClient("detect_sarcasm", JsonSerializer.Serialize(new { text, caption }));
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        var tools = TestKernels.Create().GetMmoeFunctions();

        var response = await client.GetResponseAsync("Is this post sarcastic?", new ChatOptions { Tools = [.. tools] });

        Assert.Equal(["detect_sarcasm", "explain_interaction", "moderate_posts"], model.OfferedTools.Select(tool => tool.Name));
        Assert.NotNull(model.ToolResult);
        Assert.Null(model.ToolResult.Exception);
        var result = Assert.IsType<JsonElement>(model.ToolResult.Result);
        var expected = TestKernels.Expected(text, caption);
        Assert.Equal(expected.IsSarcastic, result.GetProperty("isSarcastic").GetBoolean());
        Assert.Equal(expected.Probability, result.GetProperty("probability").GetDouble());
        Assert.Equal("synergy", result.GetProperty("drivingInteraction").GetString());
        Assert.Equal("caller", result.GetProperty("caption").GetProperty("source").GetString());
        Assert.Equal(caption.Length, result.GetProperty("caption").GetProperty("characters").GetInt32());
        Assert.StartsWith("Tool said: {", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_call_reaches_the_model_as_the_plugins_clear_error_message_without_host_settings()
    {
        var model = new ScriptedChatClient("detect_sarcasm", """{"text":"Nice","image":"../../etc/shadow","caption":"x"}""");
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        await client.GetResponseAsync("Check this", new ChatOptions { Tools = [.. TestKernels.Create().GetMmoeFunctions()] });

        Assert.Null(model.ToolResult!.Exception);
        var error = Assert.IsType<JsonElement>(model.ToolResult.Result).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("Image file paths are disabled", message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Mmoe.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Throw_a_bad_call_is_an_MmoeToolException_that_IncludeDetailedErrors_passes_on()
    {
        var model = new ScriptedChatClient("detect_sarcasm", """{"text":"Nice","image":"../../etc/shadow","caption":"x"}""");
        using var client = new ChatClientBuilder(model).UseFunctionInvocation(configure: invoker => invoker.IncludeDetailedErrors = true).Build();

        await client.GetResponseAsync("Check this", new ChatOptions { Tools = [.. TestKernels.Create().GetMmoeFunctions(MmoeToolErrorHandling.Throw)] });

        Assert.IsType<MmoeToolException>(model.ToolResult!.Exception);
        var message = Assert.IsType<string>(model.ToolResult.Result);
        Assert.Contains("Image file paths are disabled", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_argument_reaches_the_model_as_an_invalid_arguments_error()
    {
        var model = new ScriptedChatClient("detect_sarcasm", """{"caption":"x"}""");
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        await client.GetResponseAsync("Check this", new ChatOptions { Tools = [.. TestKernels.Create().GetMmoeFunctions()] });

        var error = Assert.IsType<JsonElement>(model.ToolResult!.Result).GetProperty("error");
        Assert.Equal("invalid_arguments", error.GetProperty("code").GetString());
        Assert.Contains("text", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }
}
