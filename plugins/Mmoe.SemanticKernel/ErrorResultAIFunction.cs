using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Mmoe.SemanticKernel;

/// <summary>
/// Returns a refused or failed call as <c>{"error":{"code","message"}}</c> instead of throwing, so the model sees the
/// plugin's message whatever the host's error policy (<see cref="MmoeToolErrorHandling.ReturnToModel"/>).
/// </summary>
internal sealed class ErrorResultAIFunction(AIFunction inner) : DelegatingAIFunction(inner)
{
    internal const string InvalidArgumentsCode = "invalid_arguments";

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (MmoeToolException ex)
        {
            return ErrorResult(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is KernelException or ArgumentException)
        {
            // Raised by Semantic Kernel while binding the call's arguments (a missing or mistyped parameter); its message names the parameter only.
            return ErrorResult(InvalidArgumentsCode, "Invalid arguments: " + ex.Message);
        }
    }

    private static JsonElement ErrorResult(string code, string message) =>
        JsonSerializer.SerializeToElement(new ToolErrorResult(new ToolError(code, message)), ToolErrorJson.Default.ToolErrorResult);
}
