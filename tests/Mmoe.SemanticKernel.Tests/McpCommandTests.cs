using Mmoe.Cli;
using static Mmoe.Tests.Shared.CliRunner;

namespace Mmoe.SemanticKernel.Tests;

public sealed class McpCommandTests
{
    [Fact]
    public async Task Mmoe_mcp_is_a_command_with_documented_options()
    {
        var (exitCode, output, _) = await RunAsync("mcp", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Model Context Protocol", output, StringComparison.Ordinal);
        Assert.Contains("--model", output, StringComparison.Ordinal);
        Assert.Contains("--allow-image-root", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_configuration_is_reported_on_stderr_before_serving()
    {
        var (exitCode, output, error) = await RunAsync("mcp", "--model", "/no/such/model/folder");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("error: MmoeOptions.ModelPath '/no/such/model/folder' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_holds_no_model_is_reported_on_stderr_before_serving()
    {
        var folder = Directory.CreateTempSubdirectory("mmoe-not-a-model-").FullName;
        try
        {
            var (exitCode, output, error) = await RunAsync("mcp", "--model", folder);

            Assert.Equal(1, exitCode);
            Assert.Empty(output);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.Contains("manifest.json", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
