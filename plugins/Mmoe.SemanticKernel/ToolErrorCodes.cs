namespace Mmoe.SemanticKernel;

/// <summary>The <see cref="MmoeToolException.Code"/> values the plugin reports.</summary>
public static class ToolErrorCodes
{
    public const string EmptyText = "empty_text";
    public const string BinaryText = "binary_text";
    public const string TextTooLong = "text_too_long";
    public const string ImagePathsDisabled = "image_paths_disabled";
    public const string ImageOutsideAllowedRoots = "image_outside_allowed_roots";
    public const string ImageNotFound = "image_not_found";
    public const string ImageUnreadable = "image_unreadable";
    public const string MalformedDataUri = "malformed_data_uri";
    public const string ImageTooLarge = "image_too_large";
    public const string UnsupportedImageFormat = "unsupported_image_format";
    public const string NoImageToText = "no_image_to_text";
    public const string ImageToTextFailed = "image_to_text_failed";
    public const string EmptyBatch = "empty_batch";
    public const string BatchTooLarge = "batch_too_large";
    public const string MissingPost = "missing_post";
    public const string DetectorFailed = "detector_failed";
    public const string NoHumorModel = "no_humor_model";
    public const string InvalidArgument = "invalid_argument";
    public const string ArgumentTooLarge = "argument_too_large";
    public const string IdTooLong = "id_too_long";
}
