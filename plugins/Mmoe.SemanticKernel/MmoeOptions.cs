namespace Mmoe.SemanticKernel;

/// <summary>Configures the MMoE plugin: which model answers, which image files it may read, and its input limits.</summary>
public sealed class MmoeOptions
{
    /// <summary>How to get a humour model, for every message that says there is none.</summary>
    public const string HumorModelHint =
        "No humour model is configured, so detect_humor is not available. Train one with 'mmoe train --root ../shared/data/mmoe-reference " +
        "--dataset urfunny --out models/humor' (or on your own posts with --data <folder> --task humor), then set MmoeOptions.HumorModelPath " +
        "to that folder (mmoe mcp --humor-model models/humor).";

    /// <summary>
    /// Folder of the trained MMoE model (written by <c>mmoe train</c>) to load when the host registers no <see cref="Mmoe.Detection.IMmoeDetector"/>;
    /// null means the default model.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Folder of a humour model (trained by <c>mmoe train --dataset urfunny</c>, or on your own data with
    /// <c>--task humor</c>). When set, the plugin also exposes <c>detect_humor</c>; when null, it does not.
    /// </summary>
    public string? HumorModelPath { get; set; }

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

    /// <summary>
    /// Largest raw JSON size, in bytes, of one text-like argument (text, caption, context, id) arriving from a tool call,
    /// checked before the string is built; larger ones are refused (argument_too_large). Text up to this size is
    /// still truncated to <see cref="MaxTextCharacters"/> as <see cref="OverlongText"/> says. Images are bounded by
    /// <see cref="MaxImageBytes"/> instead.
    /// </summary>
    public int MaxArgumentBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Longest post id accepted, in characters; ids are echoed into results, so longer ones are refused (id_too_long).</summary>
    public int MaxIdCharacters { get; set; } = 256;

    /// <summary>Longest image description echoed back in a result's <c>caption.text</c> (only descriptions this host produced are echoed).</summary>
    public int MaxEchoedCaptionCharacters { get; set; } = 300;

    public OverlongTextBehavior OverlongText { get; set; } = OverlongTextBehavior.Truncate;

    /// <summary>Most posts one <c>moderate_posts</c> call may carry.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Probability of sarcasm at which a post is called sarcastic. Null (the default) keeps the model's own decision,
    /// including a threshold its manifest sets; moderation hosts that prefer fewer false flags set a higher one.
    /// </summary>
    public double? Threshold { get; set; }
}
