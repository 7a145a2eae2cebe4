using Mmoe.Cli;
using Mmoe.Cli.Commands;

namespace Mmoe.Training.Cli;

/// <summary>The <c>mmoe</c> command tree with the real <c>train</c> command (TorchSharp) in place of the launcher the <c>mmoe</c> tool carries.</summary>
internal static class TrainingCommandLine
{
    public static Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default) =>
        MmoeCommandLine.InvokeAsync(args, context, TrainCommand.Create, cancellationToken);

    /// <summary>The arguments of <c>mmoe-train</c> as those of <c>mmoe train</c>.</summary>
    public static string[] AsTrainArguments(string[] args) =>
        args is ["train", ..] ? args : ["train", .. args];
}
