namespace Mmoe.Reference;

/// <summary>A reference data file could not be read: names the file, where in it, and what was wrong.</summary>
public sealed class ReferenceFormatException : Exception
{
    public ReferenceFormatException(string filePath, string location, string problem, Exception? inner = null)
        : base($"{filePath}: {location}: {problem}", inner)
    {
        FilePath = filePath;
        Location = location;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>For example "line 12" or "record '2_223'".</summary>
    public string Location { get; }

    public string Problem { get; }
}
