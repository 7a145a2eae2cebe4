namespace Mmoe.SemanticKernel;

/// <summary>What an <c>mmoe</c> <see cref="Microsoft.Extensions.AI.AIFunction"/> does with a refused or failed call.</summary>
public enum MmoeToolErrorHandling
{
    /// <summary>
    /// Return <c>{"error":{"code","message"}}</c> as the function's result, so the model reads what was wrong and how
    /// to fix the call with any host, including a <c>FunctionInvokingChatClient</c> or Agent Framework agent left at
    /// its defaults (which pass an exception on only as "Error: Function failed.").
    /// </summary>
    ReturnToModel,

    /// <summary>
    /// Throw the <see cref="MmoeToolException"/>, for hosts that turn exceptions into their own error results (an MCP
    /// server, or a <c>FunctionInvokingChatClient</c> with <c>IncludeDetailedErrors</c>).
    /// </summary>
    Throw,
}
