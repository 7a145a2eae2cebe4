using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The MMoE tools for Microsoft.Extensions.AI and Agent Framework hosts, without building a Semantic Kernel <see cref="Kernel"/>.</summary>
public static class MmoeServiceProviderExtensions
{
    /// <summary>
    /// The <c>mmoe</c> tools (<c>detect_sarcasm</c>, <c>explain_interaction</c>, <c>moderate_posts</c>) from services
    /// where <see cref="MmoeServiceCollectionExtensions.AddMmoe"/> was called, ready for <c>ChatOptions.Tools</c>, a
    /// <c>FunctionInvokingChatClient</c> or an Agent Framework <c>ChatClientAgent</c>. By default a refused call returns
    /// <c>{"error":{"code","message"}}</c> to the model (see <see cref="MmoeToolErrorHandling"/>).
    /// </summary>
    public static IReadOnlyList<AIFunction> GetMmoeTools(this IServiceProvider services, MmoeToolErrorHandling errorHandling = MmoeToolErrorHandling.ReturnToModel)
    {
        ArgumentNullException.ThrowIfNull(services);
        var plugin = services.GetServices<KernelPlugin>().LastOrDefault(p => p.Name == MmoePlugin.PluginName)
            ?? throw new InvalidOperationException("The services have no 'mmoe' plugin: call services.AddMmoe() before building the service provider.");
        return new Kernel(services, new KernelPluginCollection([plugin])).GetMmoeFunctions(errorHandling);
    }
}
