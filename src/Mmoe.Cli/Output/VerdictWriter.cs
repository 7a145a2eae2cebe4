using System.Globalization;
using System.Text.Json;
using Mmoe.Detection;
using Spectre.Console;

namespace Mmoe.Cli;

/// <summary>
/// Writes <c>mmoe detect</c> results as they come: with --json one complete JSON object per line (a verdict, or
/// <c>{"line", "error"}</c> for a line that failed), flushed after each batch; otherwise a table per batch, with
/// control characters in the post escaped so a post cannot drive the terminal.
/// </summary>
internal sealed class VerdictWriter(CliContext context, bool json, ModelInfo model)
{
    public async Task WriteAsync(IReadOnlyList<(int Line, SocialPost? Post, MmoeVerdict? Verdict, string? Error)> results)
    {
        if (json)
        {
            foreach (var (line, post, verdict, error) in results)
            {
                // Each line is serialized whole before it is written, so an interrupted run never leaves half a line.
                // The plugin's and MCP's verdict shape, as a moderate_posts item ({index, id, verdict}); index = line − 1.
                var text = verdict is not null
                    ? VerdictJson.SerializeItem(line - 1, post?.Id, verdict)
                    : JsonSerializer.Serialize(new LineError(line, error ?? "not judged"), VerdictJson.Options);
                await context.Out.WriteLineAsync(text).ConfigureAwait(false);
            }

            await context.Out.FlushAsync().ConfigureAwait(false);
            return;
        }

        var judged = results.Where(result => result.Verdict is not null).ToList();
        if (judged.Count == 0)
        {
            return;
        }

        var table = new Table().Title(Markup.Escape(TerminalText.Escape($"{model.Id} {model.Version} ({model.Task.JsonName()})")))
            .AddColumns("post", model.Task.Adjective(), "p", "driver", "R/U/S weights", "text", "image");
        foreach (var (_, post, verdict, _) in judged)
        {
            var w = verdict!.InteractionWeights;
            var label = TerminalText.Escape(post!.Id is { } id ? $"{id}: {post.Text}" : post.Text);
            table.AddRow(
                Markup.Escape(label.Length > 32 ? label[..29] + "..." : label),
                verdict.IsSarcastic ? "yes" : "no",
                P(verdict.Probability),
                verdict.DrivingInteraction.Letter(),
                $"{P(w.Redundancy)}/{P(w.Uniqueness)}/{P(w.Synergy)}",
                verdict.Unimodal.TextOnly is { } t ? P(t) : "-",
                verdict.Unimodal.ImageOnly is { } im ? P(im) : "-");
        }

        context.Console.Write(table);
        await context.Out.FlushAsync().ConfigureAwait(false);
    }

    private static string P(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record LineError(int Line, string Error);
}
