namespace Mmoe.Tests.TestData;

/// <summary>Finds ../shared (beside the repository) from the test binary's folder.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Shared = new(Locate);

    public static string ReferenceRoot => Path.Combine(Shared.Value, "data", "mmoe-reference");

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agents.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(Path.Combine(shared, "data", "mmoe-reference"))
                    ? shared
                    : throw new InvalidOperationException(
                        $"These tests read the MMoE reference data from {shared}/data/mmoe-reference, which is missing. Check out shared/ beside the repository.");
            }
        }

        throw new InvalidOperationException($"No Agents.sln above {AppContext.BaseDirectory}: cannot find the repository root.");
    }
}
