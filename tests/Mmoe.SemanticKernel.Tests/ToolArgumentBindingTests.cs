using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>Raw JSON arguments as Microsoft.Extensions.AI hosts pass them (what a model wrote), bound by the plugin's own functions.</summary>
public sealed class ToolArgumentBindingTests
{
    // Throw: these tests look at the exception the binder raises; the default (ReturnToModel) wraps the same code and message.
    private static readonly IReadOnlyList<AIFunction> Functions = TestKernels.Create().GetMmoeFunctions(MmoeToolErrorHandling.Throw);

    private static AIFunction Function(string name) => Functions.Single(function => function.Name == name);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task An_escaped_lone_surrogate_in_a_json_argument_is_binary_text()
    {
        var error = await Assert.ThrowsAsync<MmoeToolException>(async () =>
            await Function("detect_sarcasm").InvokeAsync(new AIFunctionArguments { ["text"] = Json("\"\\ud800\"") }));

        Assert.Equal(ToolErrorCodes.BinaryText, error.Code);
    }

    [Fact]
    public async Task A_wrongly_typed_json_argument_names_the_parameter_and_the_json_type()
    {
        var error = await Assert.ThrowsAsync<MmoeToolException>(async () =>
            await Function("explain_interaction").InvokeAsync(new AIFunctionArguments { ["text"] = Json("12") }));

        Assert.Equal(ToolErrorCodes.InvalidArgument, error.Code);
        Assert.Equal("The 'text' argument must be a string; got a number.", error.Message);
    }

    [Fact]
    public async Task Bad_json_batch_items_fail_alone_and_good_ones_are_judged()
    {
        var result = await Function("moderate_posts").InvokeAsync(new AIFunctionArguments
        {
            ["posts"] = Json("""[{"text":"Yeah right"},{"text":"\ud800"},{"id":[1],"text":"x"},{"TEXT":"case is forgiven"}]"""),
        });

        var report = JsonSerializer.SerializeToElement(result);
        var items = report.GetProperty("items");
        Assert.Equal(JsonValueKind.Object, items[0].GetProperty("verdict").ValueKind);
        Assert.Equal(ToolErrorCodes.BinaryText, items[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("The post's 'id' must be a string; got an array.", items[2].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Object, items[3].GetProperty("verdict").ValueKind);
    }

    [Fact]
    public async Task An_argument_over_the_size_limit_is_refused_before_it_becomes_a_string()
    {
        var kernel = TestKernels.Create(options => options.MaxArgumentBytes = 1024);
        var function = kernel.GetMmoeFunctions(MmoeToolErrorHandling.Throw).Single(f => f.Name == "detect_sarcasm");

        var error = await Assert.ThrowsAsync<MmoeToolException>(async () =>
            await function.InvokeAsync(new AIFunctionArguments { ["text"] = Json("\"" + new string('a', 2000) + "\"") }));

        Assert.Equal(ToolErrorCodes.ArgumentTooLarge, error.Code);
        Assert.Contains("at most 1024", error.Message, StringComparison.Ordinal);
    }
}
