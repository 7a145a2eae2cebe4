using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;
using ModelContextProtocol;

namespace Mmoe.Mcp;

/// <summary>
/// Passes a plugin function through to MCP unchanged (same name, description and schema) and turns its tool
/// errors into <see cref="McpException"/>s, the only exceptions whose message the SDK shows the client; anything
/// else reaches the client as a generic failure.
/// </summary>
internal sealed class McpToolFunction(AIFunction inner) : DelegatingAIFunction(inner)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (MmoeToolException ex)
        {
            throw new McpException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is KernelException or ArgumentException)
        {
            // Raised by Semantic Kernel while binding the call's arguments (a missing or mistyped parameter); its message names the parameter only.
            throw new McpException("Invalid arguments: " + ex.Message, ex);
        }
    }
}
