using System.CommandLine;
using System.Diagnostics;

namespace Mmoe.Cli.Commands;

/// <summary>
/// <c>mmoe train</c> in the <c>mmoe</c> tool: training needs TorchSharp and libtorch (hundreds of MB per platform), so
/// it lives in the separate <c>mmoe-train</c> tool. This command runs that tool when it is installed (on PATH) with
/// the same arguments, and otherwise says how to install it.
/// </summary>
internal static class TrainLauncherCommand
{
    internal const string ProgramName = "mmoe-train";

    public static Command Create(CliContext context)
    {
        var command = new Command("train", $"Train an MMoE model: runs the {ProgramName} tool (dotnet tool install -g Mmoe.Training.Cli) with these arguments; '{ProgramName} --help' lists them.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (FindOnPath(ProgramName) is not { } program)
            {
                await context.Error.WriteLineAsync(
                    $"error: training is not part of the mmoe tool (it needs TorchSharp and libtorch). Install the training tool with 'dotnet tool install -g Mmoe.Training.Cli' and run '{ProgramName} {string.Join(' ', parse.UnmatchedTokens)}' (or 'mmoe train ...' again); from a source clone, './build/mmoe train ...' builds and runs it.").ConfigureAwait(false);
                return 2;
            }

            var start = new ProcessStartInfo(program) { UseShellExecute = false };
            foreach (var token in parse.UnmatchedTokens)
            {
                start.ArgumentList.Add(token);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        });
        return command;
    }

    /// <summary>The full path of <paramref name="name"/> in a PATH folder (with .exe on Windows), or null.</summary>
    internal static string? FindOnPath(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
