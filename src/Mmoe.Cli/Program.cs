using Mmoe.Cli;

return await MmoeCommandLine.InvokeAsync(args, CliContext.FromConsole()).ConfigureAwait(false);
