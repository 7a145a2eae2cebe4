using System.CommandLine;
using Mmoe.Cli.Commands;
using Mmoe.Reference;

namespace Mmoe.Cli;

/// <summary>
/// The <c>mmoe</c> command tree. Exit codes: 0 success, 1 bad input data or files (for <c>detect --input</c>: at least
/// one line failed), 2 bad usage, 70 an unexpected failure, 130/143 interrupted by SIGINT/SIGTERM.
/// </summary>
internal static class MmoeCommandLine
{
    /// <param name="context">Where commands write.</param>
    /// <param name="train">
    /// The <c>train</c> command (the <c>mmoe-train</c> program passes TorchSharp's); null gives a launcher that runs
    /// an installed <c>mmoe-train</c>, so this tool never carries libtorch.
    /// </param>
    public static RootCommand Build(CliContext context, Func<CliContext, Command>? train = null)
    {
        var root = new RootCommand("MMoE: is this post sarcastic (or funny), and which image–text interaction drives that?");
        root.Subcommands.Add(CategorizeCommand.Create(context));
        root.Subcommands.Add(ReproduceCommand.Create(context));
        root.Subcommands.Add(DetectCommand.Create(context));
        root.Subcommands.Add(train?.Invoke(context) ?? TrainLauncherCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(McpCommand.Create(context));
        root.Subcommands.Add(CaptionCommand.Create(context));
        root.Subcommands.Add(PackLoraCommand.Create(context));
        root.Options.Add(new Option<bool>(VerboseOption) { Description = "On an unexpected failure, print the full exception.", Recursive = true });
        return root;
    }

    /// <summary>Exit code for a failure nobody anticipated (EX_SOFTWARE in sysexits.h).</summary>
    public const int UnexpectedFailure = 70;

    private const string VerboseOption = "--verbose";

    public static Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, context, train: null, cancellationToken);

    /// <summary>
    /// Runs the command line. No input ends in an unhandled exception: expected problems print one "error:" line; anything
    /// else prints one line naming the exception type (the full exception only with --verbose, since it carries
    /// source paths); cancellation (<paramref name="cancellationToken"/>, which Program ties to SIGINT/SIGTERM) prints one line.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, Func<CliContext, Command>? train, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        // Signals are the caller's to handle (Program), so that cancellation is observed between output lines.
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await Build(context, train).Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await context.Error.WriteLineAsync("interrupted: stopped before finishing; every line written is complete.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (IsUserFacing(ex))
        {
            await context.Error.WriteLineAsync(TerminalText.Escape("error: " + ex.Message)).ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex)
        {
            await context.Error.WriteLineAsync(TerminalText.Escape(args.Contains(VerboseOption)
                ? "error: unexpected failure: " + ex
                : $"error: unexpected failure ({ex.GetType().Name}): {ex.Message} (run with --verbose for details)")).ConfigureAwait(false);
            return UnexpectedFailure;
        }
    }

    private static bool IsUserFacing(Exception ex) =>
        ex is ReferenceFormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or UnauthorizedAccessException;
}
