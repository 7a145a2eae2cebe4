using System.Globalization;
using Microsoft.Extensions.Logging;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// Validates a tool call's raw arguments and builds the <see cref="SocialPost"/> the detector judges. The text is
/// passed on verbatim apart from control characters and the length limit: whatever it says, including
/// instructions aimed at a model, is only ever scored as a post, never acted on.
/// </summary>
internal sealed partial class PostPreparer(MmoeOptions options, IImageToText? imageToText, ILogger logger)
{
    private readonly ImageLoader _images = new(options, logger);

    public async Task<PreparedPost> PrepareAsync(PostInput input, CancellationToken cancellationToken)
    {
        if (input.BindingError is { } bindingError)
        {
            throw bindingError;
        }

        if (input.Id is { } id && id.Length > options.MaxIdCharacters)
        {
            // Ids are echoed into results a model reads: a long one is refused rather than cut, since a cut id no longer identifies anything.
            throw new MmoeToolException(
                ToolErrorCodes.IdTooLong,
                $"The post's id has {id.Length} characters; this host accepts at most {options.MaxIdCharacters}: use a shorter id (the result's index also identifies the post).");
        }

        var warnings = new List<string>();
        var text = TextSanitizer.Clean(input.Text, "text");
        if (text.Length > options.MaxTextCharacters)
        {
            if (options.OverlongText == OverlongTextBehavior.Reject)
            {
                throw new MmoeToolException(
                    ToolErrorCodes.TextTooLong,
                    $"The text has {text.Length} characters; this host accepts at most {options.MaxTextCharacters}: shorten it or split it into separate posts.");
            }

            warnings.Add(Invariant($"The text was truncated from {text.Length} to its first {options.MaxTextCharacters} characters before judging."));
            LogTruncated(logger, "text", text.Length, options.MaxTextCharacters);
            text = TextSanitizer.Head(text, options.MaxTextCharacters);
        }

        var caption = string.IsNullOrWhiteSpace(input.Caption) ? null : Limit(TextSanitizer.Clean(input.Caption, "caption"), "caption", warnings);
        var context = string.IsNullOrWhiteSpace(input.Context) ? [] : ParseContext(TextSanitizer.Clean(input.Context, "context"), warnings);

        var captionSource = caption is null ? null : CaptionResult.FromCaller;
        PostImage? image = null;
        if (!string.IsNullOrWhiteSpace(input.Image))
        {
            image = await _images.LoadAsync(input.Image, cancellationToken).ConfigureAwait(false);
            if (caption is null)
            {
                caption = await DescribeAsync(image, warnings, cancellationToken).ConfigureAwait(false);
                captionSource = CaptionResult.FromImageToText;
            }
        }

        var post = new SocialPost { Text = text, Id = input.Id, Caption = caption, Image = image, Context = context };
        return new PreparedPost(post, warnings, captionSource);
    }

    private async Task<string> DescribeAsync(PostImage image, List<string> warnings, CancellationToken cancellationToken)
    {
        if (imageToText is null)
        {
            throw new MmoeToolException(
                ToolErrorCodes.NoImageToText,
                "The post has an image but no caption, and this host has no image-to-text backend to describe it. Pass a caption that describes the image "
                + "(the 'caption' argument), or have the host register an IImageToText service (services.AddSingleton<IImageToText, YourCaptioner>()) next to the Mmoe plugin.");
        }

        string description;
        try
        {
            description = await imageToText.DescribeAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogImageToTextFailed(logger, ex);
            throw new MmoeToolException(ToolErrorCodes.ImageToTextFailed, "The image could not be described by this host's image-to-text backend: pass a caption that describes the image instead.", ex);
        }

        return Limit(TextSanitizer.Clean(description, "image description"), "caption", warnings);
    }

    private string Limit(string caption, string field, List<string> warnings)
    {
        if (caption.Length <= options.MaxCaptionCharacters)
        {
            return caption;
        }

        warnings.Add(Invariant($"The {field} was truncated from {caption.Length} to its first {options.MaxCaptionCharacters} characters."));
        LogTruncated(logger, field, caption.Length, options.MaxCaptionCharacters);
        return TextSanitizer.Head(caption, options.MaxCaptionCharacters);
    }

    /// <summary>One turn per line, oldest first; a short "Name: " prefix is read as the speaker.</summary>
    private List<DialogueTurn> ParseContext(string context, List<string> warnings)
    {
        if (context.Length > options.MaxContextCharacters)
        {
            warnings.Add(Invariant($"The context was cut from {context.Length} to its most recent {options.MaxContextCharacters} characters."));
            LogTruncated(logger, "context", context.Length, options.MaxContextCharacters);
            context = TextSanitizer.Tail(context, options.MaxContextCharacters);
        }

        var turns = new List<DialogueTurn>();
        foreach (var line in context.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            turns.Add(colon is > 0 and <= 40 ? new DialogueTurn(line[..colon].Trim(), line[(colon + 2)..].Trim()) : new DialogueTurn(null, line));
        }

        return turns;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Truncated the {Field} from {Length} to {Limit} characters")]
    private static partial void LogTruncated(ILogger logger, string field, int length, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The image-to-text backend failed")]
    private static partial void LogImageToTextFailed(ILogger logger, Exception exception);
}
