using System.Diagnostics;
using System.Globalization;

namespace Mmoe.Tests.Cli;

/// <summary>The real <c>mmoe</c> command line in a child process (Mmoe.Cli.dll from this test's output), for signals, pipes and crashes.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _error;

    private CliProcess(Process process)
    {
        _process = process;
        _error = process.StandardError.ReadToEndAsync();
    }

    public StreamReader Out => _process.StandardOutput;

    public int Id => _process.Id;

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Mmoe.Cli.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Sends a POSIX signal (2 = SIGINT, 15 = SIGTERM).</summary>
    public void Signal(int number)
    {
        using var kill = Process.Start("kill", ["-" + number.ToString(CultureInfo.InvariantCulture), _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit; returns the exit code and standard error, or null when it does not exit in time.</summary>
    public async Task<(int ExitCode, string Error)?> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return (_process.ExitCode, await _error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
