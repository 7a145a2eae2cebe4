using Mmoe.Features;

namespace Mmoe.Captions;

/// <summary>Where <see cref="CaptionCache"/> keeps its entries and how large it may grow.</summary>
public sealed record CaptionCacheOptions
{
    /// <summary>The folder inside a feature cache folder that holds captions.</summary>
    public const string FolderName = "captions";

    /// <summary>The cache folder; <see cref="DefaultDirectory"/> when null.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// Most bytes the entries may take; the least recently used are deleted past it. 256 MiB by default: a caption
    /// entry is its text plus 76 bytes, so about a million captions of a few sentences.
    /// </summary>
    public long MaxBytes { get; init; } = 256L << 20;

    /// <summary>
    /// The <c>captions</c> folder of the feature cache's default location (<c>$MMOE_FEATURE_CACHE</c>, else
    /// <c>$XDG_CACHE_HOME/mmoe/features</c> or <c>~/.cache/mmoe/features</c>): one place, one variable, for everything
    /// mmoe computes once and reads many times.
    /// </summary>
    public static string DefaultDirectory => Path.Combine(FeatureCacheOptions.DefaultDirectory, FolderName);

    /// <summary>The captions folder of the feature cache at <paramref name="featureCacheDirectory"/> (the default location when null).</summary>
    public static CaptionCacheOptions InFeatureCache(string? featureCacheDirectory) => new()
    {
        Directory = featureCacheDirectory is null ? null : Path.Combine(featureCacheDirectory, FolderName),
    };
}
