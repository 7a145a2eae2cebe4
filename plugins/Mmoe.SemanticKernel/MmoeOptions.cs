namespace Mmoe.SemanticKernel;

/// <summary>Configures the MMoE plugin: which model answers, which image files it may read, and its input limits.</summary>
public sealed class MmoeOptions
{
    /// <summary>
    /// Folder of the trained MMoE model (written by <c>mmoe train</c>) to load when the host registers no <see cref="Mmoe.Detection.IMmoeDetector"/>;
    /// null means the default model.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// How the model folder's external files are found and run, for the kinds that have them: the Qwen2 GGUF of a
    /// Qwen or LoRA-expert model (<see cref="Mmoe.Models.MmoeLoadOptions.GgufPath"/>; else <c>MMOE_GGUF</c> or beside the
    /// folder), GPU layers, the CLIP folder. The backend itself is found from the folder's manifest.
    /// </summary>
    public Mmoe.Models.MmoeLoadOptions ModelLoading { get; } = new();

    /// <summary>
    /// Folders that image file paths may point into. Empty (the default) disables file paths: images then have to
    /// arrive as data URIs, which cannot reach the host's file system.
    /// </summary>
    public IList<string> AllowedImageRoots { get; } = [];

    /// <summary>Largest image accepted, in bytes, checked before the image is read or decoded.</summary>
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest image accepted, in pixels (width × height from the file header), to refuse decompression bombs.</summary>
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Longest post text accepted, in characters; what happens to longer text is <see cref="OverlongText"/>.</summary>
    public int MaxTextCharacters { get; set; } = 8_000;

    /// <summary>Longest caption accepted, in characters (longer captions are truncated with a warning).</summary>
    public int MaxCaptionCharacters { get; set; } = 2_000;

    /// <summary>Longest dialogue context accepted, in characters (the most recent part is kept, with a warning).</summary>
    public int MaxContextCharacters { get; set; } = 8_000;

    public OverlongTextBehavior OverlongText { get; set; } = OverlongTextBehavior.Truncate;

    /// <summary>Most posts one <c>moderate_posts</c> call may carry.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Probability of sarcasm at which a post is called sarcastic. Null (the default) keeps the model's own decision,
    /// including a threshold its manifest sets; moderation hosts that prefer fewer false flags set a higher one.
    /// </summary>
    public double? Threshold { get; set; }
}
