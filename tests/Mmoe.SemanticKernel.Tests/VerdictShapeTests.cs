using System.Text.Json;
using Microsoft.SemanticKernel;
using Mmoe.Cli;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>One verdict JSON everywhere: <c>mmoe detect --json</c> prints what <c>detect_sarcasm</c> returns (and MCP sends).</summary>
public sealed class VerdictShapeTests
{
    [Fact]
    public async Task Cli_detect_json_is_the_plugins_detect_sarcasm_result()
    {
        const string text = "Oh great, another Monday.";
        const string caption = "A man rolls his eyes.";
        var builder = Kernel.CreateBuilder();
        builder.AddMmoePlugin();
        var function = builder.Build().GetMmoeFunctions().Single(f => f.Name == "detect_sarcasm");
        var plugin = (JsonElement)(await function.InvokeAsync(new() { ["text"] = text, ["caption"] = caption }))!;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MmoeCommandLine.InvokeAsync(["detect", text, "--caption", caption, "--json"], new CliContext(output, error));

        Assert.True(code == 0, error.ToString());
        using var cli = JsonDocument.Parse(output.ToString());
        Assert.True(JsonElement.DeepEquals(plugin, cli.RootElement), $"plugin: {plugin}\ncli: {cli.RootElement}");
    }
}
