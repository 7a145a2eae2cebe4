// QuickStart: register the mmoe plugin on a kernel and call its functions directly; no LLM involved.
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;

var builder = Kernel.CreateBuilder();
builder.AddMmoePlugin();
var kernel = builder.Build();

var json = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

Console.WriteLine("# detect_sarcasm");
foreach (var (text, caption) in new (string, string?)[]
{
    ("Oh great, just what I needed on my day off.", "a flooded street in the rain"),
    ("Our new office opens on Monday.", "a bright, tidy open-plan office"),
    ("Yeah right, the 8:15 is totally on time today.", null),
})
{
    var arguments = new KernelArguments { ["text"] = text };
    if (caption is not null)
    {
        arguments["caption"] = caption;
    }

    var verdict = await kernel.InvokeAsync<SarcasmVerdict>(MmoePlugin.PluginName, "detect_sarcasm", arguments);
    Console.WriteLine(JsonSerializer.Serialize(verdict, json));
}

Console.WriteLine("# explain_interaction");
var analysis = await kernel.InvokeAsync<InteractionAnalysis>(
    MmoePlugin.PluginName, "explain_interaction", new() { ["text"] = "Love a good Monday commute", ["caption"] = "gridlocked traffic in the rain" });
Console.WriteLine(JsonSerializer.Serialize(analysis, json));

Console.WriteLine("# moderate_posts");
var report = await kernel.InvokeAsync<ModerationReport>(MmoePlugin.PluginName, "moderate_posts", new()
{
    ["posts"] = new List<PostInput>
    {
        new() { Id = "p1", Text = "Best day ever, my coffee spilled everywhere 🙄", Caption = "coffee spill on a keyboard" },
        new() { Id = "p2", Text = "" },
        new() { Id = "p3", Text = "Lunch is at noon in room 4." },
    },
});
Console.WriteLine(JsonSerializer.Serialize(report, json));
