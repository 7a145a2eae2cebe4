using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Mmoe.SemanticKernel;

/// <summary>
/// A plugin function as an <see cref="AIFunction"/> under its own name (<c>detect_sarcasm</c>, not
/// <c>mmoe_detect_sarcasm</c>) and with the JSON schema of its typed result, which Semantic Kernel computes but
/// does not pass on as the AIFunction return schema.
/// </summary>
internal sealed class MmoeAIFunction(KernelFunction function, Kernel kernel) : DelegatingAIFunction(function.WithKernel(kernel))
{
    public override string Name => function.Name;

    public override JsonElement? ReturnJsonSchema => function.Metadata.ReturnParameter.Schema?.RootElement;
}
