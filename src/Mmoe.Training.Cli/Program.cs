using Mmoe.Cli;
using Mmoe.Training.Cli;

// mmoe-train ARGS is mmoe train ARGS; "mmoe-train train ARGS" is accepted too.
return await TrainingCommandLine.InvokeAsync(TrainingCommandLine.AsTrainArguments(args), CliContext.FromConsole()).ConfigureAwait(false);
