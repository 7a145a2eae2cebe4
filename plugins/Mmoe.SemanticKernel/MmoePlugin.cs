using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Mmoe.Detection;
using Mmoe.SemanticKernel.Input;

namespace Mmoe.SemanticKernel;

/// <summary>
/// The <c>mmoe</c> plugin: sarcasm verdicts with their image–text interaction attribution, as kernel functions
/// (and so as Microsoft.Extensions.AI functions). Register it with <c>AddMmoePlugin</c> or <c>AddMmoe</c>.
/// Every error a function raises is a <see cref="MmoeToolException"/> whose message is safe to show a model.
/// </summary>
public sealed partial class MmoePlugin
{
    public const string PluginName = "mmoe";

    /// <summary>The humour function's name; exposed only when <see cref="MmoeOptions.HumorModelPath"/> is set.</summary>
    public const string DetectHumorName = "detect_humor";

    private const string TextDescription = "The post's text, verbatim.";
    private const string CaptionDescription = "A description of the post's image (caption or alt text), if the post has an image.";
    private const string ImageDescription =
        "The post's image as a data URI (data:image/png;base64,...) or a file path inside the host's allowed image folders. Without a caption, the host needs an image-to-text backend to read it.";
    private const string ContextDescription = "Earlier lines of the conversation the post replies to, oldest first, one per line, optionally as 'Speaker: text'.";

    private readonly MmoeDetectorProvider _detectors;
    private readonly PostPreparer _preparer;
    private readonly MmoeOptions _options;
    private readonly ILogger _logger;

    internal MmoePlugin(MmoeDetectorProvider detectors, MmoeOptions options, IImageToText? imageToText, ILogger<MmoePlugin> logger)
    {
        _detectors = detectors;
        _options = options;
        _logger = logger;
        _preparer = new PostPreparer(options, imageToText, logger);
    }

    [KernelFunction("detect_sarcasm")]
    [Description("Judges whether a social media post is sarcastic and which image–text interaction (redundancy, uniqueness or synergy) drives the verdict. "
        + "Returns the verdict, the probability, the evidence behind it and a short explanation.")]
    public Task<SarcasmVerdict> DetectSarcasmAsync(
        [Description(TextDescription)] string text,
        [Description(CaptionDescription)] string? caption = null,
        [Description(ImageDescription)] string? image = null,
        [Description(ContextDescription)] string? context = null,
        CancellationToken cancellationToken = default) =>
        TrackAsync("detect_sarcasm", async () =>
        {
            var (verdict, prepared) = await JudgeAsync(new PostInput { Text = text, Caption = caption, Image = image, Context = context }, cancellationToken).ConfigureAwait(false);
            return ToResult(verdict, prepared, "detect_sarcasm");
        });

    [KernelFunction(DetectHumorName)]
    [Description("Judges whether a post or a line of a talk is humorous (meant to be funny) and which image–text interaction (redundancy, uniqueness or synergy) drives the verdict. "
        + "Answered by the host's humour model. Returns the verdict, the probability, the evidence behind it and a short explanation.")]
    public Task<HumorVerdict> DetectHumorAsync(
        [Description("The post's text, or the punchline, verbatim.")] string text,
        [Description(CaptionDescription)] string? caption = null,
        [Description(ImageDescription)] string? image = null,
        [Description("Earlier lines (the set-up before the punchline, or the conversation), oldest first, one per line, optionally as 'Speaker: text'.")] string? context = null,
        CancellationToken cancellationToken = default) =>
        TrackAsync(DetectHumorName, async () =>
        {
            var humor = _detectors.GetHumorAsync(cancellationToken)
                ?? throw new MmoeToolException(ToolErrorCodes.NoHumorModel, MmoeOptions.HumorModelHint);
            var prepared = await _preparer.PrepareAsync(new PostInput { Text = text, Caption = caption, Image = image, Context = context }, cancellationToken).ConfigureAwait(false);
            var detector = await humor.ConfigureAwait(false);
            var verdict = await detector.DetectAsync(prepared.Post, cancellationToken).ConfigureAwait(false);
            var result = MmoeVerdicts.ToHumorVerdict(verdict, prepared.Warnings, _options.Threshold);
            Record(verdict, result.IsHumorous, DetectHumorName);
            return result;
        });

    [KernelFunction("explain_interaction")]
    [Description("Explains which image–text interaction (redundancy, uniqueness or synergy) drives the judgement of a post, with the router's weights and what text and image "
        + "suggest on their own. Use it when only the attribution is needed, not the verdict.")]
    public Task<InteractionAnalysis> ExplainInteractionAsync(
        [Description(TextDescription)] string text,
        [Description(CaptionDescription)] string? caption = null,
        [Description(ImageDescription)] string? image = null,
        [Description(ContextDescription)] string? context = null,
        CancellationToken cancellationToken = default) =>
        TrackAsync("explain_interaction", async () =>
        {
            var (verdict, prepared) = await JudgeAsync(new PostInput { Text = text, Caption = caption, Image = image, Context = context }, cancellationToken).ConfigureAwait(false);
            var weights = InteractionWeightsResult.From(verdict.InteractionWeights);
            var unimodal = UnimodalEvidenceResult.From(verdict.Unimodal);
            Record(verdict, IsSarcastic(verdict), "explain_interaction");
            return new InteractionAnalysis
            {
                DrivingInteraction = verdict.DrivingInteraction,
                InteractionWeights = weights,
                Unimodal = unimodal,
                Explanation = VerdictExplainer.Explain(unimodal, verdict.DrivingInteraction, weights, isSarcastic: null, probability: null),
                // The preparer's warnings (image checks) and the detector's (e.g. a caption a text-only model ignored).
                Warnings = [.. prepared.Warnings, .. verdict.Warnings],
            };
        });

    [KernelFunction("moderate_posts")]
    [Description("Judges a batch of posts for sarcasm in one call. Each post gets its own verdict or its own error; one bad post never fails the others.")]
    public Task<ModerationReport> ModeratePostsAsync(
        [Description("The posts to judge; each needs a text and may have an id, caption, image and context.")] IReadOnlyList<PostInput> posts,
        CancellationToken cancellationToken = default) =>
        TrackAsync("moderate_posts", () => ModerateAsync(posts, cancellationToken));

    private async Task<(MmoeVerdict Verdict, PreparedPost Prepared)> JudgeAsync(PostInput input, CancellationToken cancellationToken)
    {
        var prepared = await _preparer.PrepareAsync(input, cancellationToken).ConfigureAwait(false);
        var detector = await _detectors.GetAsync(cancellationToken).ConfigureAwait(false);
        var verdict = await detector.DetectAsync(prepared.Post, cancellationToken).ConfigureAwait(false);
        return (verdict, prepared);
    }

    private async Task<ModerationReport> ModerateAsync(IReadOnlyList<PostInput>? posts, CancellationToken cancellationToken)
    {
        if (posts is null || posts.Count == 0)
        {
            throw new MmoeToolException(ToolErrorCodes.EmptyBatch, "The posts list is empty: pass at least one post, each with a text.");
        }

        if (posts.Count > _options.MaxBatchSize)
        {
            throw new MmoeToolException(
                ToolErrorCodes.BatchTooLarge,
                $"The batch has {posts.Count} posts; this host accepts at most {_options.MaxBatchSize} per call: split it into smaller batches.");
        }

        var items = new ModeratedPost?[posts.Count];
        var prepared = new List<(int Index, PreparedPost Post)>();
        for (var i = 0; i < posts.Count; i++)
        {
            var input = posts[i];
            if (input is null)
            {
                items[i] = Failed(i, null, new MmoeToolException(ToolErrorCodes.MissingPost, "This item is null: pass an object with at least a text."));
                continue;
            }

            try
            {
                prepared.Add((i, await _preparer.PrepareAsync(input, cancellationToken).ConfigureAwait(false)));
            }
            catch (MmoeToolException ex)
            {
                items[i] = Failed(i, EchoableId(input.Id), ex);
            }
        }

        if (prepared.Count > 0)
        {
            var detector = await _detectors.GetAsync(cancellationToken).ConfigureAwait(false);
            var verdicts = await DetectAllAsync(detector, prepared.Select(p => p.Post.Post).ToList(), cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < prepared.Count; k++)
            {
                var (index, post) = prepared[k];
                items[index] = verdicts[k] is { } verdict
                    ? new ModeratedPost { Index = index, Id = post.Post.Id, Verdict = ToResult(verdict, post, "moderate_posts") }
                    : Failed(index, post.Post.Id, DetectorFailure());
            }
        }

        var results = items.Select(item => item!).ToList();
        var judged = results.Where(item => item.Verdict is not null).Select(item => item.Verdict!).ToList();
        return new ModerationReport
        {
            Items = results,
            Sarcastic = judged.Count(verdict => verdict.IsSarcastic),
            Errors = results.Count - judged.Count,
            ByDrivingInteraction = InteractionTypes.All.ToDictionary(type => type.JsonName(), type => judged.Count(verdict => verdict.DrivingInteraction == type)),
        };
    }

    /// <summary>One batch call to the detector; if the batch fails, each post is retried alone so that one post the detector chokes on fails only itself.</summary>
    private async Task<IReadOnlyList<MmoeVerdict?>> DetectAllAsync(IMmoeDetector detector, IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken)
    {
        try
        {
            return await detector.DetectBatchAsync(posts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchFailed(_logger, posts.Count, ex);
        }

        var verdicts = new MmoeVerdict?[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            try
            {
                verdicts[i] = await detector.DetectAsync(posts[i], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDetectorFailed(_logger, "moderate_posts", ex);
            }
        }

        return verdicts;
    }

    private ModeratedPost Failed(int index, string? id, MmoeToolException error)
    {
        MmoeTelemetry.Errors.Add(1, new("mmoe.function", "moderate_posts"), new("error.type", error.Code));
        LogRefused(_logger, "moderate_posts", error.Code, error.Message);
        return new ModeratedPost { Index = index, Id = id, Error = new ToolError(error.Code, error.Message) };
    }

    /// <summary>The id to echo in an item's result: null when it is too long to echo (that item's error says so).</summary>
    private string? EchoableId(string? id) => id is not null && id.Length <= _options.MaxIdCharacters ? id : null;

    private SarcasmVerdict ToResult(MmoeVerdict verdict, PreparedPost prepared, string function)
    {
        var result = MmoeVerdicts.ToSarcasmVerdict(verdict, prepared.Warnings, _options.Threshold, CaptionOf(verdict.Caption, prepared.CaptionSource));
        Record(verdict, result.IsSarcastic, function);
        return result;
    }

    /// <summary>
    /// The caption as untrusted data (see <see cref="CaptionResult"/>): a caller's caption by length only, one this host
    /// produced (the preparer's image-to-text, or the detector's own) shortened.
    /// </summary>
    private CaptionResult? CaptionOf(string? caption, string? source)
    {
        if (string.IsNullOrEmpty(caption))
        {
            return null;
        }

        var fromCaller = source == CaptionResult.FromCaller;
        return new CaptionResult
        {
            Source = fromCaller ? CaptionResult.FromCaller : CaptionResult.FromImageToText,
            Text = fromCaller ? null : TextSanitizer.Head(caption, _options.MaxEchoedCaptionCharacters),
            Characters = caption.Length,
            Truncated = !fromCaller && caption.Length > _options.MaxEchoedCaptionCharacters,
        };
    }

    /// <summary>Counts and logs a call refused before it reached the plugin's functions (its arguments could not be bound).</summary>
    internal void RecordRefusal(string function, MmoeToolException error)
    {
        MmoeTelemetry.Errors.Add(1, new("mmoe.function", function), new("error.type", error.Code));
        LogRefused(_logger, function, error.Code, error.Message);
    }

    /// <summary>Without a configured threshold the model's own decision stands; a configured one applies to the fused probability.</summary>
    private bool IsSarcastic(MmoeVerdict verdict) => MmoeVerdicts.Decide(verdict, _options.Threshold);

    private static void Record(MmoeVerdict verdict, bool isSarcastic, string function) =>
        MmoeTelemetry.Detections.Add(
            1,
            new("mmoe.function", function),
            new("mmoe.driving_interaction", verdict.DrivingInteraction.JsonName()),
            new("mmoe.is_sarcastic", isSarcastic));

    private async Task<T> TrackAsync<T>(string function, Func<Task<T>> body)
    {
        using var activity = MmoeTelemetry.ActivitySource.StartActivity("mmoe " + function);
        activity?.SetTag("mmoe.function", function);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (MmoeToolException ex)
        {
            Fail(activity, function, ex.Code);
            LogRefused(_logger, function, ex.Code, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(activity, function, ToolErrorCodes.DetectorFailed);
            LogDetectorFailed(_logger, function, ex);
            throw DetectorFailure();
        }
        finally
        {
            MmoeTelemetry.Latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("mmoe.function", function));
        }
    }

    private static void Fail(Activity? activity, string function, string code)
    {
        MmoeTelemetry.Errors.Add(1, new("mmoe.function", function), new("error.type", code));
        activity?.SetStatus(ActivityStatusCode.Error, code);
        activity?.SetTag("error.type", code);
    }

    private static MmoeToolException DetectorFailure() => new(
        ToolErrorCodes.DetectorFailed,
        "The sarcasm detector failed on this post; the host's logs have the details. Try again, or report it to the host's operator.");

    // Refusals are the caller's mistake, not the host's: one line at Warning, no stack trace, and never the post's contents.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} refused a post: {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string function, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: the detector failed")]
    private static partial void LogDetectorFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The detector failed on a batch of {Count} posts; judging them one at a time")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
