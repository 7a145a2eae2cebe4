using Mmoe.Cli;

namespace Mmoe.Tests.Shared;

/// <summary>Runs the <c>mmoe</c> command tree in process (linked into every test project that drives the CLI).</summary>
internal static class CliRunner
{
    /// <summary>The exit code and everything the command wrote to standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MmoeCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (exitCode, output.ToString(), error.ToString());
    }
}
