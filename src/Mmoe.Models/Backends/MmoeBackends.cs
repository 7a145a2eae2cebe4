using System.Reflection;

namespace Mmoe.Models.Backends;

/// <summary>Finds the backend for a featurizer name or a model format: the caller's first, then every discovered one.</summary>
public static class MmoeBackends
{
    private static readonly Lazy<IReadOnlyList<IMmoeBackend>> Discovered = new(Discover);

    /// <summary>The backends announced by loaded assemblies and by the <c>Mmoe.*.dll</c> files beside the application.</summary>
    public static IReadOnlyList<IMmoeBackend> All => Discovered.Value;

    public static IMmoeBackend? ForFeaturizer(string name, MmoeLoadOptions options) =>
        Candidates(options).FirstOrDefault(backend => backend.FeaturizerNames.Contains(name, StringComparer.Ordinal));

    public static IMmoeBackend? ForFormat(string format, MmoeLoadOptions options) =>
        Candidates(options).FirstOrDefault(backend => backend.ModelFormats.Contains(format, StringComparer.Ordinal));

    private static IEnumerable<IMmoeBackend> Candidates(MmoeLoadOptions options) => options.Backends.Concat(All);

    private static IReadOnlyList<IMmoeBackend> Discover()
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().ToList();
        var loaded = assemblies.Select(assembly => assembly.GetName().Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var file in SafeFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (loaded.Contains(name))
            {
                continue;
            }

            try
            {
                assemblies.Add(Assembly.Load(new AssemblyName(name)));
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException)
            {
                // Not a loadable assembly of this application: not a backend either.
            }
        }

        var backends = new List<IMmoeBackend>();
        foreach (var assembly in assemblies)
        {
            IEnumerable<MmoeBackendAttribute> attributes;
            try
            {
                attributes = assembly.GetCustomAttributes<MmoeBackendAttribute>();
            }
            catch (Exception ex) when (ex is IOException or TypeLoadException or BadImageFormatException)
            {
                continue;
            }

            foreach (var attribute in attributes)
            {
                if (Activator.CreateInstance(attribute.BackendType) is IMmoeBackend backend)
                {
                    backends.Add(backend);
                }
            }
        }

        return backends;
    }

    private static IEnumerable<string> SafeFiles(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory, "Mmoe.*.dll") : [];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
