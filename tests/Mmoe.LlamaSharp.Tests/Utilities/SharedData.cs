namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>Finds ../shared/data next to the folder holding Agents.sln.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Agents.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Agents.sln not found above the test binaries.");
        }

        return System.IO.Path.Combine([directory.FullName, "..", "shared", "data", .. parts]);
    }
}
