using System.IO.Compression;

namespace Mmoe.Packaging.Tests;

/// <summary>
/// Once per test run: packs every package (from the Release build, NoBuild) into a throwaway folder feed with a
/// version of its own, and installs the mmoe tool from it into a throwaway tool folder.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public string Root { get; } = RepositoryRoot();

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mmoe-packages-").FullName;

    public string Feed => Path.Combine(Directory, "feed");

    public string ToolPath => Path.Combine(Directory, "tools");

    public string Mmoe => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "mmoe.exe" : "mmoe");

    /// <summary>A version no cache has seen, so nothing stale can stand in for what was just packed.</summary>
    public string Version { get; } = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public ProcessRunner.Result? Pack { get; private set; }

    public ProcessRunner.Result? Install { get; private set; }

    public async Task InitializeAsync()
    {
        Pack = await ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", Path.Combine(Root, "build", "Packages.proj"), "-t:Pack", "-p:NoBuild=true", "-p:PackTrainingTool=false", $"-p:MmoeVersion={Version}", $"-p:PackageOutputPath={Feed}", "-nologo", "-v:minimal", "-nodeReuse:false"],
            Root);
        if (Pack.ExitCode == 0)
        {
            Install = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "Mmoe.Cli", "--tool-path", ToolPath, "--add-source", Feed, "--version", Version], Directory);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }

    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public static IReadOnlyList<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(entry => entry.FullName).ToList();
    }

    public static string Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agents.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Agents.sln) is not above " + AppContext.BaseDirectory);
    }
}
