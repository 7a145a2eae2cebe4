using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.Mcp;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>
/// The MCP test host: <c>dotnet Mmoe.SemanticKernel.Tests.dll</c> serves the real MCP server code over stdio with
/// the lexical test detector standing in for a trained model. The test runner never calls this entry point.
/// </summary>
internal static class Program
{
    public static async Task<int> Main()
    {
        using var loggerFactory = MmoeMcpServer.CreateStandardErrorLoggerFactory(LogLevel.Information);
        await using var server = MmoeMcpServer.Create(
            services =>
            {
                services.AddSingleton<IMmoeDetector>(new LexicalTestDetector());
                services.AddMmoe();
            },
            loggerFactory);
        await server.RunStdioAsync(CancellationToken.None);
        return 0;
    }
}
