using System.CommandLine;
using Mmoe.Cli.Commands;
using Mmoe.Reference;

namespace Mmoe.Cli;

/// <summary>The <c>mmoe</c> command tree. Exit codes: 0 success, 1 bad input data or files, 2 bad usage.</summary>
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
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, context, train: null, cancellationToken);

    public static async Task<int> InvokeAsync(string[] args, CliContext context, Func<CliContext, Command>? train, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await Build(context, train).Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserFacing(ex))
        {
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static bool IsUserFacing(Exception ex) =>
        ex is ReferenceFormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException;
}
