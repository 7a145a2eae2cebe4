using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Mmoe.Packaging.Tests;

/// <summary>
/// What a new agent developer gets: the packages as a local feed, a fresh app outside the repository that adds them,
/// and the mmoe tool installed from the same feed.
/// </summary>
public sealed class PackageConsumptionTests(PackageFeed feed, ITestOutputHelper output) : IClassFixture<PackageFeed>
{
    private const long NuGetOrgLimitBytes = 250L * 1024 * 1024;

    public static TheoryData<string> Libraries { get; } = new() { "Mmoe", "Mmoe.Models", "Mmoe.MiniLM", "Mmoe.SemanticKernel", "Mmoe.Mcp", "Mmoe.Onnx", "Mmoe.LlamaSharp", "Mmoe.Training" };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Each_library_package_has_readme_licence_repository_and_its_symbols_apart_and_no_native_files(string id)
    {
        Assert.True(feed.Pack!.ExitCode == 0, feed.Pack.ToString());
        var package = feed.Package(id);
        var entries = PackageFeed.Entries(package);

        AssertMetadata(package, id);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.DoesNotContain(entries, entry => entry.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no .snupkg");
        Assert.DoesNotContain(entries, entry => entry.StartsWith("runtimes/", StringComparison.Ordinal) || entry.StartsWith("content", StringComparison.Ordinal)
            || (entry.EndsWith(".dll", StringComparison.Ordinal) && !entry.StartsWith("lib/", StringComparison.Ordinal))
            || entry.EndsWith(".so", StringComparison.Ordinal) || entry.EndsWith(".dylib", StringComparison.Ordinal));
        output.WriteLine($"{id}: {new FileInfo(package).Length / 1024.0:0.0} KB");
    }

    [Fact]
    public void The_mmoe_tool_is_one_package_per_platform_under_nuget_orgs_limit_without_libtorch_or_symbols()
    {
        Assert.True(feed.Pack!.ExitCode == 0, feed.Pack.ToString());
        var pointer = feed.Package("Mmoe.Cli");
        var platform = Directory.GetFiles(feed.Feed, $"Mmoe.Cli.*-*.{feed.Version}.nupkg").Single();
        var entries = PackageFeed.Entries(platform);

        AssertMetadata(pointer, "Mmoe.Cli");
        Assert.Contains("DotnetToolRidPackage", PackageFeed.Nuspec(platform), StringComparison.Ordinal);
        Assert.InRange(new FileInfo(platform).Length, 1, NuGetOrgLimitBytes);
        Assert.DoesNotContain(entries, entry => entry.Contains("torch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, entry => entry.EndsWith(".pdb", StringComparison.Ordinal));
        var foreign = entries.Where(entry => entry.Contains("/runtimes/", StringComparison.Ordinal) && !entry.Contains($"/runtimes/{RuntimeIdentifierOf(platform)}/", StringComparison.Ordinal));
        Assert.Empty(foreign);
        output.WriteLine($"{Path.GetFileName(platform)}: {new FileInfo(platform).Length / 1048576.0:0.0} MB; pointer {new FileInfo(pointer).Length / 1024.0:0.0} KB");
    }

    [Fact]
    public async Task The_installed_tool_judges_a_post_in_the_plugins_verdict_shape_and_starts_fast()
    {
        Assert.True(feed.Install?.ExitCode == 0, feed.Install?.ToString() ?? feed.Pack!.ToString());
        ProcessRunner.Result? fastest = null;
        for (var run = 0; run < 3; run++)
        {
            var result = await ProcessRunner.RunAsync(feed.Mmoe, ["detect", "Oh great, another Monday.", "--caption", "A man rolls his eyes.", "--json"], feed.Directory);
            Assert.True(result.ExitCode == 0, result.ToString());
            fastest = fastest is null || result.Elapsed < fastest.Elapsed ? result : fastest;
        }

        using var verdict = JsonDocument.Parse(fastest!.Out);
        foreach (var property in new[] { "isSarcastic", "probability", "drivingInteraction", "interactionWeights", "experts", "unimodal", "model", "explanation", "warnings" })
        {
            Assert.True(verdict.RootElement.TryGetProperty(property, out _), $"'{property}' missing from {fastest.Out}");
        }

        var installed = Directory.EnumerateFiles(feed.ToolPath, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);
        output.WriteLine($"installed tool: {installed / 1048576.0:0.0} MB; mmoe detect, fastest of 3 cold starts: {fastest.Elapsed.TotalSeconds:0.00} s");
        // Under 1 s on an idle machine; the bound leaves room for a loaded CI host.
        Assert.True(fastest.Elapsed < TimeSpan.FromSeconds(5), fastest.ToString());
    }

    [Fact]
    public async Task A_fresh_app_adds_the_packages_from_the_feed_and_uses_them_from_SK_Agent_Framework_MEAI_and_MCP()
    {
        Assert.True(feed.Install?.ExitCode == 0, feed.Install?.ToString() ?? feed.Pack!.ToString());
        var app = Path.Combine(feed.Directory, "app");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(Path.Combine(feed.Root, "tests", "Mmoe.Packaging.Tests", "ConsumerApp")))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        WriteNuGetConfig(app);
        var packages = Path.Combine(feed.Directory, "packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", $"-p:MmoeVersion={feed.Version}", "-nologo", "-v:q", "-nodeReuse:false", "--disable-build-servers"], app, environment);
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = await ProcessRunner.RunAsync("dotnet", [Path.Combine(app, "bin", "Release", "net10.0", "ConsumerApp.dll"), feed.Mmoe], app, timeout: TimeSpan.FromMinutes(2));

        output.WriteLine($"build {build.Elapsed.TotalSeconds:0.0} s, run {run.Elapsed.TotalSeconds:0.0} s\n{run.Out}");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToDictionary(line => line[..line.IndexOf(':')], line => line[(line.IndexOf(':') + 1)..].Trim());
        Assert.Contains("model=mmoe-", lines["sk"], StringComparison.Ordinal);
        Assert.StartsWith("probability=", lines["sk-import-from-type"], StringComparison.Ordinal);
        Assert.StartsWith("tools=detect_sarcasm,explain_interaction,moderate_posts driving=", lines["meai"], StringComparison.Ordinal);
        Assert.Contains("The text is empty", lines["meai-error"], StringComparison.Ordinal);
        Assert.Equal("items=2 errors=0 answer=True", lines["agent"]);
        Assert.Contains("tools=detect_sarcasm,explain_interaction,moderate_posts", lines["mcp-stdio"], StringComparison.Ordinal);
        Assert.EndsWith("explanation=True", lines["mcp-stdio"], StringComparison.Ordinal);
        Assert.Equal(lines["mcp-stdio"], lines["mcp-http"]);
        // Our packages went to the app's own package folder, never into the machine's global cache.
        Assert.True(Directory.Exists(Path.Combine(packages, "mmoe.semantickernel", feed.Version)));
    }

    private void WriteNuGetConfig(string app)
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The local feed is added to the configured sources; packages already in the machine's cache are read from it (a fallback folder), not downloaded.
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "mmoe-local"), new XAttribute("value", feed.Feed))),
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", globalPackages)))))
            .Save(Path.Combine(app, "nuget.config"));
    }

    private void AssertMetadata(string package, string id)
    {
        var nuspec = XDocument.Parse(PackageFeed.Nuspec(package));
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("README.md", PackageFeed.Entries(package));
        Assert.StartsWith("https://github.com/", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Equal(feed.Version, Value("version"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), $"{id} has no description");
    }

    private static string RuntimeIdentifierOf(string platformPackage)
    {
        var name = Path.GetFileName(platformPackage);
        var afterId = name["Mmoe.Cli.".Length..];
        return afterId[..afterId.IndexOf('.', StringComparison.Ordinal)];
    }
}
