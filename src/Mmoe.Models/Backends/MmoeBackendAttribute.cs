namespace Mmoe.Models.Backends;

/// <summary>
/// Marks an assembly as providing an <see cref="IMmoeBackend"/> (a public type with a public parameterless
/// constructor), found by <see cref="MmoeBackends"/> among the loaded assemblies and the <c>Mmoe.*.dll</c> files
/// beside the application.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class MmoeBackendAttribute(Type backendType) : Attribute
{
    public Type BackendType { get; } = backendType ?? throw new ArgumentNullException(nameof(backendType));
}
