using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Mmoe.SemanticKernel.Input;

namespace Mmoe.SemanticKernel;

/// <summary>
/// A plugin function as an <see cref="AIFunction"/> under its own name (<c>detect_sarcasm</c>, not
/// <c>mmoe_detect_sarcasm</c>) and with the JSON schema of its typed result, which Semantic Kernel computes but
/// does not pass on as the AIFunction return schema. Raw JSON arguments are bound by <see cref="ToolArgumentBinder"/>
/// first, so a wrongly typed value is a clear tool error and a bad batch item fails only itself.
/// </summary>
internal sealed class MmoeAIFunction(KernelFunction function, Kernel kernel) : DelegatingAIFunction(function.WithKernel(kernel))
{
    private readonly MmoeOptions _options = kernel.Services.GetService<IOptions<MmoeOptions>>()?.Value ?? new MmoeOptions();
    private readonly MmoePlugin? _plugin = kernel.Services.GetService<MmoePlugin>();
    private readonly IReadOnlyList<(string Name, Type Type)> _parameters =
        function.Metadata.Parameters.Where(p => p.ParameterType is not null).Select(p => (p.Name, p.ParameterType!)).ToList();

    public override string Name => function.Name;

    public override JsonElement? ReturnJsonSchema => function.Metadata.ReturnParameter.Schema?.RootElement;

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            ToolArgumentBinder.Bind(arguments, _parameters, _options);
        }
        catch (MmoeToolException error)
        {
            _plugin?.RecordRefusal(function.Name, error);
            throw;
        }

        return base.InvokeCoreAsync(arguments, cancellationToken);
    }
}
