using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mmoe.Mcp;

/// <summary>
/// Turns a tool's refusals into MCP tool-error results carrying the plugin's message, without the SDK's own handling
/// of thrown exceptions (an Error-level log line with a stack trace for every bad input, and a generic message).
/// The plugin has already logged each refusal once, at Warning. Other exceptions are host faults and are left to the
/// SDK (logged at Error; the client sees a generic failure).
/// </summary>
internal sealed partial class McpToolErrors(McpServerTool inner, ILogger logger) : DelegatingMcpServerTool(inner)
{
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (MmoeToolException ex)
        {
            return Error(ex.Message);
        }
        catch (KernelException ex)
        {
            // Raised by Semantic Kernel while binding arguments the plugin's binder leaves to it (a missing required one); its message names the parameter.
            LogInvalidArguments(logger, ProtocolTool.Name, ex.Message);
            return Error("Invalid arguments: " + ex.Message);
        }
    }

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} refused a call: {Reason}")]
    private static partial void LogInvalidArguments(ILogger logger, string tool, string reason);
}
