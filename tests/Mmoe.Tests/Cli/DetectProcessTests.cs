using System.Diagnostics;
using System.Text.Json;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Cli;

/// <summary><c>mmoe detect</c> as a process: streams, survives any input, and stops cleanly on signals.</summary>
public sealed class DetectProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Posts(int count)
    {
        var path = Path.Combine(_temp.Path, $"posts-{count}.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new { id = $"p{i}", text = $"Oh great, meeting number {i}, just what I needed." })));
        return path;
    }

    private string Fifo()
    {
        var path = Path.Combine(_temp.Path, "posts.fifo");
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        return path;
    }

    [Fact]
    public async Task A_lone_surrogate_line_does_not_crash_the_process()
    {
        var path = Path.Combine(_temp.Path, "surrogate.jsonl");
        await File.WriteAllTextAsync(path, "{\"text\":\"fine\"}\n{\"text\":\"\\ud800\"}\n");
        using var cli = CliProcess.Start("detect", "--input", path, "--json");

        var output = await cli.Out.ReadToEndAsync();
        var (exitCode, error) = (await cli.WaitAsync(TimeSpan.FromSeconds(60)))!.Value;

        Assert.Equal(1, exitCode);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_stream_out_before_the_input_ends()
    {
        var fifo = Fifo();
        using var cli = CliProcess.Start("detect", "--input", fifo, "--json");
        await using var writer = new StreamWriter(fifo);
        foreach (var i in Enumerable.Range(0, 64))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = $"s{i}", text = "Sure, that will work." }));
        }

        await writer.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await cli.Out.ReadLineAsync(timeout.Token);

        Assert.Equal("s0", JsonDocument.Parse(first!).RootElement.GetProperty("id").GetString());
        writer.Close();
        Assert.Equal(0, (await cli.WaitAsync(TimeSpan.FromSeconds(60)))!.Value.ExitCode);
    }

    [Theory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public async Task A_signal_mid_run_stops_cleanly_with_the_conventional_code_and_no_partial_line(int signal, int expectedExitCode)
    {
        using var cli = CliProcess.Start("detect", "--input", Posts(100_000), "--json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.NotNull(await cli.Out.ReadLineAsync(timeout.Token));

        cli.Signal(signal);
        var rest = await cli.Out.ReadToEndAsync();
        var (exitCode, error) = (await cli.WaitAsync(TimeSpan.FromSeconds(30)))!.Value;

        Assert.Equal(expectedExitCode, exitCode);
        Assert.True(rest.Length == 0 || rest.EndsWith('\n'), "the output ends inside a line");
        Assert.All(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonDocument.Parse(line).Dispose());
        Assert.True(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 99_999, "the run was not stopped");
        Assert.Contains("interrupted", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_ends_a_run_waiting_on_a_fifo_with_no_writer()
    {
        using var cli = CliProcess.Start("detect", "--input", Fifo(), "--json");
        await Task.Delay(TimeSpan.FromSeconds(2));

        cli.Signal(15);
        var exit = await cli.WaitAsync(TimeSpan.FromSeconds(8));

        Assert.NotNull(exit);
        Assert.Equal(143, exit.Value.ExitCode);
    }

    [Fact]
    public async Task Dev_zero_as_input_is_refused_as_binary_in_bounded_memory()
    {
        using var cli = CliProcess.Start("detect", "--input", "/dev/zero", "--json");

        var exit = await cli.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(exit);
        Assert.Equal(1, exit.Value.ExitCode);
        Assert.Contains("binary data (NUL bytes)", exit.Value.Error, StringComparison.Ordinal);
    }
}
