using Mmoe.Cli;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.LlamaSharp.Tests.Native;

[Collection(TinyModelCollection.Name)]
public sealed class DetectCommandTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Detect_with_a_packed_lora_model_folder_prints_a_verdict()
    {
        var folder = fixture.TempFile("lora-model-cli");
        var packed = await RunAsync("pack-lora", "--gguf", fixture.ModelPath, "--experts", fixture.ExpertsDirectory, "--out", folder, "--id", "tiny-lora");
        Assert.Equal(0, packed.ExitCode);

        var (code, output, error) = await RunAsync("detect", "--model", folder, "--threads", "2",
            "Oh great, another meeting.", "--caption", "A tired man at a desk.", "--show", "BBT", "--speaker", "SHELDON", "--json");

        Assert.Equal(0, code);
        using var verdict = System.Text.Json.JsonDocument.Parse(output);
        var root = verdict.RootElement;
        Assert.Contains(root.GetProperty("drivingInteraction").GetString(), new[] { "redundancy", "uniqueness", "synergy" });
        Assert.InRange(root.GetProperty("probability").GetDouble(), 0, 1);
        Assert.Equal(root.GetProperty("probability").GetDouble() > 0.5, root.GetProperty("isSarcastic").GetBoolean());
        // The caller's caption is not echoed (untrusted text); its source and length are.
        Assert.Equal("caller", root.GetProperty("caption").GetProperty("source").GetString());
        Assert.Equal("A tired man at a desk.".Length, root.GetProperty("caption").GetProperty("characters").GetInt32());
        var weights = root.GetProperty("interactionWeights");
        Assert.Equal(1.0, weights.GetProperty("redundancy").GetDouble() + weights.GetProperty("uniqueness").GetDouble() + weights.GetProperty("synergy").GetDouble(), 6);
        Assert.Equal("tiny-lora", root.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Pack_lora_reports_a_bad_adapter_as_an_error_naming_it()
    {
        var experts = Directory.CreateDirectory(fixture.TempFile("bad-experts")).FullName;
        foreach (var name in new[] { "R.gguf", "U.gguf", "router.gguf" })
        {
            File.Copy(Path.Combine(fixture.ExpertsDirectory, name), Path.Combine(experts, name), overwrite: true);
        }

        File.Copy(fixture.BadAdapterPath, Path.Combine(experts, "AS.gguf"), overwrite: true);

        var (code, _, error) = await RunAsync("pack-lora", "--gguf", fixture.ModelPath, "--experts", experts, "--out", fixture.TempFile("bad-lora-model"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: LoRA adapter AS.gguf: tensor 'blk.0.attn_k.weight'", error);
    }

}
