namespace Mmoe.Cli.Commands;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread (<see cref="Progress{T}"/> posts to the thread
/// pool, so its lines could interleave with the command's own output or arrive after it).
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
