namespace Mmoe.Features;

/// <summary>Where <see cref="FeatureCache"/> keeps its entries and how large it may grow.</summary>
public sealed record FeatureCacheOptions
{
    /// <summary>Environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string DirectoryVariable = "MMOE_FEATURE_CACHE";

    /// <summary>The cache folder; <see cref="DefaultDirectory"/> when null.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// Most bytes the entries may take; the least recently used entries are deleted past it (checked after each
    /// batch that wrote entries). 2 GiB by default: about 550,000 posts of Qwen2-0.5B features (896 floats).
    /// </summary>
    public long MaxBytes { get; init; } = 2L << 30;

    /// <summary>
    /// <c>$MMOE_FEATURE_CACHE</c> if set; else <c>$XDG_CACHE_HOME/mmoe/features</c>, else <c>~/.cache/mmoe/features</c>
    /// (on Windows <c>%LOCALAPPDATA%\mmoe\features</c>).
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
            {
                return Path.GetFullPath(configured);
            }

            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mmoe", "features");
            }

            var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cacheHome, "mmoe", "features");
        }
    }
}
