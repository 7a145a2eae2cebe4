using Spectre.Console;

namespace Mmoe.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/> (never mixed, so --json output stays parseable).</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error)
{
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = ReferenceEquals(Out, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(Out, System.Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public static CliContext FromConsole() => new(System.Console.Out, System.Console.Error);

    public void Warn(string message) => Error.WriteLine("warning: " + message);
}
