using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Mmoe.SemanticKernel;

/// <summary>The plugin's functions as Microsoft.Extensions.AI tools, for <c>FunctionInvokingChatClient</c>, MCP and other AIFunction hosts.</summary>
public static class MmoeKernelExtensions
{
    /// <summary>
    /// The <c>mmoe</c> functions bound to <paramref name="kernel"/>, under their own names (<c>detect_sarcasm</c>, ...) and
    /// with their result schemas. For names prefixed with the plugin (<c>mmoe_detect_sarcasm</c>), use SK's <c>KernelPlugin.AsAIFunctions</c>.
    /// </summary>
    /// <param name="kernel">A kernel with the <c>mmoe</c> plugin.</param>
    /// <param name="errorHandling">
    /// By default a refused call returns <c>{"error":{"code","message"}}</c> to the model, so no host setting is needed
    /// for the model to read why; <see cref="MmoeToolErrorHandling.Throw"/> throws the <see cref="MmoeToolException"/> instead.
    /// </param>
    public static IReadOnlyList<AIFunction> GetMmoeFunctions(this Kernel kernel, MmoeToolErrorHandling errorHandling = MmoeToolErrorHandling.ReturnToModel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (!kernel.Plugins.TryGetPlugin(MmoePlugin.PluginName, out var plugin))
        {
            throw new InvalidOperationException("The kernel has no 'mmoe' plugin: register it with IKernelBuilder.AddMmoePlugin() or IServiceCollection.AddMmoe() before building the kernel.");
        }

        return plugin
            .Select(AIFunction (function) => errorHandling == MmoeToolErrorHandling.Throw
                ? new MmoeAIFunction(function, kernel)
                : new ErrorResultAIFunction(new MmoeAIFunction(function, kernel)))
            .ToList();
    }
}
