using System.Diagnostics;
using System.Text.Json;

namespace Mmoe.Training.Tests;

/// <summary>The build's TorchSharp GLIBCXX fix: what it does to a copy, that it leaves the NuGet cache alone, and that it is idempotent.</summary>
public sealed class GlibcxxFixTests
{
    // A build for linux-x64 puts its natives beside the assemblies; a portable build puts them under runtimes/linux-x64/native.
    private static string OutputLibrary => new[]
        {
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        }.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"libLibTorchSharp.so is not in the test output {AppContext.BaseDirectory}.");

    private static string CacheLibrary
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
            return Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    [Fact]
    public void BuildOutputIsPatchedExactlyWhenTheHostNeedsIt()
    {
        Assert.True(OperatingSystem.IsLinux(), "TorchSharp's linux-x64 native library is what this fix is for.");
        var host = Run("--host-check");
        var hostHasVersion = host.GetProperty("has_glibcxx_3_4_32").GetBoolean();
        var output = Run("--inspect", OutputLibrary);
        Assert.True(output.GetProperty("requires_glibcxx_3_4_32").GetBoolean());
        Assert.Equal(!hostHasVersion, output.GetProperty("requirement_weak").GetBoolean());
        Assert.Equal(!hostHasVersion, output.GetProperty("needs_shim").GetBoolean());
        Assert.Equal(!hostHasVersion, File.Exists(Path.Combine(Path.GetDirectoryName(OutputLibrary)!, "libMmoeIosInit.so")));

        // The NuGet cache keeps the original.
        var cache = Run("--inspect", CacheLibrary);
        Assert.False(cache.GetProperty("requirement_weak").GetBoolean());
        Assert.False(cache.GetProperty("needs_shim").GetBoolean());
    }

    [Fact]
    public void ForcedPatchOfACopyMarksTheVersionWeakAddsTheShimAndIsIdempotent()
    {
        var directory = Directory.CreateTempSubdirectory("mmoe-glibcxx-");
        try
        {
            var copy = Path.Combine(directory.FullName, "libLibTorchSharp.so");
            File.Copy(CacheLibrary, copy);
            var before = Run("--inspect", copy);
            Assert.False(before.GetProperty("requirement_weak").GetBoolean());
            Assert.False(before.GetProperty("needs_shim").GetBoolean());

            RunScript("--force", directory.FullName);
            var after = Run("--inspect", copy);
            Assert.True(after.GetProperty("requirement_weak").GetBoolean());
            Assert.True(after.GetProperty("needs_shim").GetBoolean());
            Assert.True(File.Exists(Path.Combine(directory.FullName, "libMmoeIosInit.so")));
            Assert.Equal(new FileInfo(CacheLibrary).Length, new FileInfo(copy).Length);

            var once = File.ReadAllBytes(copy);
            RunScript("--force", directory.FullName);
            Assert.Equal(once, File.ReadAllBytes(copy));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonElement Run(params string[] arguments) => JsonDocument.Parse(RunScript(arguments)).RootElement.Clone();

    private static string RunScript(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryPaths.GlibcxxScript);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"patch_libtorchsharp.py {string.Join(' ', arguments)} failed: {error}");
        return output;
    }
}
