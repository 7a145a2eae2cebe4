using System.Text.Json;
using Mmoe.Cli;
using Mmoe.Tests.TestData;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.Tests.Cli;

/// <summary><c>mmoe detect --input</c> on bad input: every line gets its own result or error, and nothing crashes the run.</summary>
public sealed class DetectInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string File(string name, string content)
    {
        var path = Path.Combine(_temp.Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Every_bad_line_is_reported_with_its_number_and_the_run_goes_on()
    {
        var path = File("posts.jsonl", """
            {"id":"a","text":"Oh great, another Monday."}
            {"text":1}
            not json

            {"id":5,"text":"x"}
            {"text":"\ud800"}
            {"text":"\u0001\u0002\u0003"}
            {"id":"b","text":"Totally love this queue"}
            """.Replace("\r", "", StringComparison.Ordinal));

        var (exitCode, output, error) = await RunAsync("detect", "--input", path, "--json");

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(7, lines.Count);
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.Equal([2, 3, 5, 6, 7], lines.Where(l => l.TryGetProperty("error", out _)).Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal("b", lines[6].GetProperty("id").GetString());
        Assert.Equal(7, lines[6].GetProperty("index").GetInt32()); // line 8 of the file (the blank line 4 is skipped)
        Assert.Equal(JsonValueKind.Object, lines[6].GetProperty("verdict").ValueKind);
        foreach (var number in new[] { 2, 3, 5, 6, 7 })
        {
            Assert.Contains($"{path}:{number}: ", error, StringComparison.Ordinal);
        }

        Assert.Contains("binary data", lines[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("binary data", lines[5].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_over_the_limit_is_skipped_with_a_clear_error()
    {
        var path = File("long.jsonl", "{\"text\":\"" + new string('x', 5000) + "\"}\n{\"text\":\"Sure, great idea\"}\n");

        var (exitCode, output, error) = await RunAsync("detect", "--input", path, "--json", "--max-line-bytes", "2048");

        Assert.Equal(1, exitCode);
        Assert.Contains(":1: the line is 5011 bytes long; the limit is 2048 bytes", error, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Control_character_only_text_is_refused_by_the_cli_as_by_the_plugin()
    {
        var (exitCode, output, error) = await RunAsync("detect", "\u0001\u0002\u0003\u0004");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("error: The text looks like binary data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_control_sequences_in_a_post_are_escaped_in_table_output()
    {
        var path = File("ansi.jsonl", JsonSerializer.Serialize(new { id = "\u001b]0;PWNED\u0007", text = "Oh great, another meeting that could have been an email \u001b[2J" }) + "\n");

        var (exitCode, output, _) = await RunAsync("detect", "--input", path);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.Contains("\\x1b]0;PWNED\\x07", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_text_escapes_c0_c1_and_bidi_controls_only()
    {
        Assert.Equal("a\\x1b[2Jb\\x9bc\\u202ed é", TerminalText.Escape("a\u001b[2Jb\u009bc\u202ed é"));
    }
}
