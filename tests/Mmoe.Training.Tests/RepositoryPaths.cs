namespace Mmoe.Training.Tests;

/// <summary>Finds the repository (the folder holding Agents.sln) from the test binary.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string GlibcxxScript => Path.Combine(Root, "build", "torchsharp-glibcxx", "patch_libtorchsharp.py");

    public static string ReferenceData => Path.Combine(Root, "..", "shared", "data", "mmoe-reference");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agents.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Agents.sln not found above " + AppContext.BaseDirectory);
    }
}
