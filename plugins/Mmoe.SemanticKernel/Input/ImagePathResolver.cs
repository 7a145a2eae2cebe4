namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// Maps an image path from a tool call to a file inside the allowed roots. Paths come from a model, so they are
/// untrusted: both the lexical path (catching <c>../</c>) and the real path with every symbolic link resolved
/// (catching links that point out of a root) must lie inside a root. UNC and URL-like paths are refused outright.
/// </summary>
internal sealed class ImagePathResolver
{
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The roots with their links resolved: every file must really lie under one of these.</summary>
    private readonly IReadOnlyList<string> _roots;

    /// <summary>The roots as configured and as their links resolve: a path as given may name either form.</summary>
    private readonly IReadOnlyList<string> _namedRoots;

    public ImagePathResolver(IEnumerable<string> roots)
    {
        var configured = roots.Select(root => WithTrailingSeparator(Path.GetFullPath(root))).ToList();
        _roots = configured.Select(root => WithTrailingSeparator(RealPath(root))).ToList();
        _namedRoots = configured.Concat(_roots).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The resolved file (real path, links followed). Relative paths are tried against each root in order.</summary>
    public string Resolve(string path)
    {
        if (path.Contains("://", StringComparison.Ordinal))
        {
            throw new MmoeToolException(
                ToolErrorCodes.ImageOutsideAllowedRoots,
                "Image URLs are not fetched: download the image and pass it as a data URI, or pass a caption that describes it.");
        }

        if (_roots.Count == 0)
        {
            throw new MmoeToolException(
                ToolErrorCodes.ImagePathsDisabled,
                "Image file paths are disabled on this host (no allowed image folders are configured): pass the image as a data URI (data:image/png;base64,...) or pass a caption that describes it.");
        }

        if (path.Contains('\0', StringComparison.Ordinal) || path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw Outside();
        }

        var candidates = Path.IsPathRooted(path) ? [path] : _roots.Select(root => Path.Combine(root, path));
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            if (!IsInside(full, _namedRoots))
            {
                throw Outside();
            }

            string real;
            try
            {
                real = RealPath(full);
            }
            catch (IOException ex)
            {
                throw new MmoeToolException(ToolErrorCodes.ImageUnreadable, "The image path could not be resolved (a broken or looping link): pass another file or a data URI.", ex);
            }

            if (!IsInside(real, _roots))
            {
                throw Outside();
            }

            if (File.Exists(real))
            {
                return real;
            }
        }

        throw new MmoeToolException(
            ToolErrorCodes.ImageNotFound,
            "The image file was not found in the allowed image folders: check the file name, or pass the image as a data URI.");
    }

    private static bool IsInside(string fullPath, IReadOnlyList<string> roots) => roots.Any(root => fullPath.StartsWith(root, PathComparison));

    private static MmoeToolException Outside() => new(
        ToolErrorCodes.ImageOutsideAllowedRoots,
        "The image path is outside the folders this host allows: pass a path inside an allowed image folder, or pass the image as a data URI.");

    private static string WithTrailingSeparator(string path) =>
        Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;

    /// <summary>The path with every symbolic link along it followed, like realpath(3); components that do not exist are kept as they are.</summary>
    private static string RealPath(string fullPath, int hops = 0)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        var parts = fullPath[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new IOException("Too many levels of symbolic links.");
                }

                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(target.FullName, hops);
            }

            current = next;
        }

        return current;
    }
}
