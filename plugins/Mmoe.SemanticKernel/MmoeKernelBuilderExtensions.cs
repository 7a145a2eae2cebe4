using Microsoft.Extensions.DependencyInjection;
using Mmoe.SemanticKernel;

namespace Microsoft.SemanticKernel;

/// <summary>Registers the MMoE plugin on a kernel builder.</summary>
public static class MmoeKernelBuilderExtensions
{
    /// <summary>Adds the <c>mmoe</c> plugin to the kernel; see <see cref="MmoeServiceCollectionExtensions.AddMmoe"/> for what it registers.</summary>
    public static IKernelBuilder AddMmoePlugin(this IKernelBuilder builder, Action<MmoeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMmoe(configure);
        return builder;
    }
}
