// What a new agent developer writes, as the README shows it. Prints one "name: result" line per integration;
// exits non-zero on the first failure. Argument: the installed mmoe tool (optional; enables the MCP checks).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;

// Semantic Kernel: the extension method, and the usual SK registration.
var builder = Kernel.CreateBuilder();
builder.AddMmoePlugin();
var kernel = builder.Build();
var verdict = await kernel.InvokeAsync<SarcasmVerdict>("mmoe", "detect_sarcasm",
    new() { ["text"] = "Oh great, another Monday.", ["caption"] = "A man rolls his eyes." });
Console.WriteLine($"sk: isSarcastic={verdict!.IsSarcastic} driving={verdict.DrivingInteraction} model={verdict.Model.Id}");

var bare = new Kernel();
bare.ImportPluginFromType<MmoePlugin>("mmoe");
var typed = await bare.InvokeAsync<SarcasmVerdict>("mmoe", "detect_sarcasm", new() { ["text"] = "Oh great, another Monday." });
Console.WriteLine($"sk-import-from-type: probability={typed!.Probability:0.000}");

// Microsoft.Extensions.AI and Agent Framework: no kernel, no SK types.
await using var services = new ServiceCollection().AddMmoe().BuildServiceProvider();
Console.WriteLine("meai: " + await ChatChecks.FunctionInvokingChatClientAsync(services));
Console.WriteLine("meai-error: " + await ChatChecks.ToolErrorReachesTheModelAsync(services));
Console.WriteLine("agent: " + await ChatChecks.AgentAsync(services));

if (args.Length > 0)
{
    Console.WriteLine("mcp-stdio: " + await McpChecks.StdioAsync(args[0]));
    Console.WriteLine("mcp-http: " + await McpChecks.HttpAsync(args[0]));
}

return 0;
