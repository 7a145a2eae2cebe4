using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Mmoe.LlamaSharp.Native;

/// <summary>Points LLamaSharp at a native llama.cpp build (once per process) and routes llama.cpp's log to an <see cref="ILogger"/>.</summary>
internal static class LlamaNativeLibrary
{
    private static readonly Lock Gate = new();
    private static string? _configuredPath;
    private static bool _loaded;

    public static void Configure(string? llamaPath, string? mtmdPath, ILogger logger)
    {
        lock (Gate)
        {
            if (!_loaded)
            {
                if (llamaPath is not null)
                {
                    var full = Path.GetFullPath(llamaPath);
                    if (Directory.Exists(full))
                    {
                        NativeLibraryConfig.All.WithSearchDirectory(full);
                    }
                    else if (File.Exists(full))
                    {
                        NativeLibraryConfig.All.WithLibrary(full, mtmdPath is null ? null : Path.GetFullPath(mtmdPath));
                    }
                    else
                    {
                        throw new FileNotFoundException($"Native llama library not found: {llamaPath}. Give the path of libllama.so / llama.dll or of the folder holding it.");
                    }

                    _configuredPath = full;
                }

                // The first native call loads the library with the configuration above.
                NativeLogConfig.llama_log_set(logger);
                _loaded = true;
            }
            else if (llamaPath is not null && Path.GetFullPath(llamaPath) != _configuredPath)
            {
                throw new InvalidOperationException(
                    "The native llama library is already loaded in this process; NativeLibraryPath must be the same for every model (or set only before the first one loads).");
            }
        }
    }
}
