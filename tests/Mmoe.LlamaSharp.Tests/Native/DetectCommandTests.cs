using Mmoe.Cli;

namespace Mmoe.LlamaSharp.Tests.Native;

[Collection(TinyModelCollection.Name)]
public sealed class DetectCommandTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Detect_with_the_llamasharp_backend_prints_a_verdict()
    {
        var (code, output, error) = await RunAsync("detect", "--backend", "llamasharp", "--model", fixture.ModelPath, "--experts", fixture.ExpertsDirectory,
            "Oh great, another meeting.", "--caption", "A tired man at a desk.", "--show", "BBT", "--speaker", "SHELDON");

        Assert.Equal(0, code);
        Assert.Matches(@"^(sarcastic|not sarcastic) \(p = 0\.\d{3}\), driven by (redundancy|uniqueness|synergy) \(R 0\.\d\d, U 0\.\d\d, S 0\.\d\d\)", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Detect_with_the_llamasharp_backend_reports_a_bad_adapter_as_an_error_naming_it()
    {
        var experts = Directory.CreateDirectory(fixture.TempFile("bad-experts")).FullName;
        foreach (var name in new[] { "R.gguf", "U.gguf", "router.gguf" })
        {
            File.Copy(Path.Combine(fixture.ExpertsDirectory, name), Path.Combine(experts, name), overwrite: true);
        }

        File.Copy(fixture.BadAdapterPath, Path.Combine(experts, "AS.gguf"), overwrite: true);

        var (code, _, error) = await RunAsync("detect", "--backend", "llamasharp", "--model", fixture.ModelPath, "--experts", experts, "Sure.");

        Assert.Equal(1, code);
        Assert.StartsWith("error: LoRA adapter AS.gguf: tensor 'blk.0.attn_k.weight'", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await MmoeCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
