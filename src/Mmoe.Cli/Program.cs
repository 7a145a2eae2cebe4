using System.Runtime.InteropServices;
using Mmoe.Cli;

// SIGINT and SIGTERM cancel the running command, which stops between lines of output and exits with the conventional
// 128 + signal (130, 143). A command stuck where cancellation cannot reach still ends 5 s later; a second signal ends it at once.
using var stop = new CancellationTokenSource();
var signal = 0;

void OnSignal(PosixSignalContext context, int number)
{
    context.Cancel = true;
    if (Interlocked.CompareExchange(ref signal, number, 0) != 0)
    {
        Environment.Exit(128 + number);
    }

    stop.Cancel();
    _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => Environment.Exit(128 + number), TaskScheduler.Default);
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, 2));
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, 15));
var exitCode = await MmoeCommandLine.InvokeAsync(args, CliContext.FromConsole(), stop.Token).ConfigureAwait(false);
return signal != 0 ? 128 + signal : exitCode;
