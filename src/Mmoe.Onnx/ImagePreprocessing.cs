using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mmoe.Onnx;

/// <summary>
/// How an image becomes the encoder's <c>pixel_values</c>: resize, optional center crop, scale to [0, 1], then
/// normalise each RGB channel with <see cref="Mean"/> and <see cref="Std"/>. Read from a Hugging Face
/// <c>preprocessor_config.json</c> with <see cref="Load"/>; the defaults are OpenAI CLIP's.
/// </summary>
public sealed record ImagePreprocessing
{
    public const string FileName = "preprocessor_config.json";

    public IReadOnlyList<float> Mean { get; init; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public IReadOnlyList<float> Std { get; init; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Resize so the shorter side has this length, keeping the aspect ratio (CLIP). Ignored when <see cref="ResizeHeight"/> is set.</summary>
    public int? ShortestEdge { get; init; } = 224;

    /// <summary>Resize to exactly <see cref="ResizeHeight"/> × <see cref="ResizeWidth"/> (ViT); both or neither.</summary>
    public int? ResizeHeight { get; init; }

    public int? ResizeWidth { get; init; }

    public bool CenterCrop { get; init; } = true;

    public int CropHeight { get; init; } = 224;

    public int CropWidth { get; init; } = 224;

    /// <summary>Bicubic (the default, as PIL resample 3) or bilinear resizing.</summary>
    public bool Bicubic { get; init; } = true;

    public float RescaleFactor { get; init; } = 1f / 255f;

    public bool Normalize { get; init; } = true;

    /// <summary>Height of <c>pixel_values</c>.</summary>
    public int OutputHeight => CenterCrop ? CropHeight : ResizeHeight ?? 0;

    /// <summary>Width of <c>pixel_values</c>.</summary>
    public int OutputWidth => CenterCrop ? CropWidth : ResizeWidth ?? 0;

    /// <summary>Throws when the settings cannot give every image the same size, naming the setting.</summary>
    public void Validate()
    {
        if (Mean.Count != 3 || Std.Count != 3)
        {
            throw new InvalidDataException($"Image mean and std need 3 values (R, G, B); got {Mean.Count} and {Std.Count}.");
        }

        if (Std.Any(s => !(s > 0)))
        {
            throw new InvalidDataException("Every image std must be positive.");
        }

        if (ResizeHeight.HasValue != ResizeWidth.HasValue || ResizeHeight is <= 0 || ResizeWidth is <= 0 || ShortestEdge is <= 0
            || (ResizeHeight is null && ShortestEdge is null))
        {
            throw new InvalidDataException("Image resize needs a positive height and width together, or a positive shortest edge.");
        }

        if (CenterCrop ? CropHeight <= 0 || CropWidth <= 0 : ResizeHeight is null)
        {
            throw new InvalidDataException(
                "Every image must come out the same size: set a positive crop size, or resize to a fixed height and width when center cropping is off.");
        }
    }

    /// <summary>Reads a Hugging Face image processor config; keys it does not set keep CLIP's defaults.</summary>
    public static ImagePreprocessing Load(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model folder has no '{name}' (the image preprocessing settings). Copy it from the model's Hugging Face repository.", name);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"'{name}' is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{name}' is not valid JSON: {ex.Message}", ex);
        }

        try
        {
            var result = FromJson(root);
            result.Validate();
            return result;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"'{name}' has unusable image settings: {ex.Message}", ex);
        }
    }

    internal static ImagePreprocessing FromJson(JsonObject root)
    {
        var result = new ImagePreprocessing();
        if (root["image_mean"] is JsonArray mean)
        {
            result = result with { Mean = mean.Select(v => v!.GetValue<float>()).ToArray() };
        }

        if (root["image_std"] is JsonArray std)
        {
            result = result with { Std = std.Select(v => v!.GetValue<float>()).ToArray() };
        }

        if (root["do_normalize"] is { } normalize)
        {
            result = result with { Normalize = normalize.GetValue<bool>() };
        }

        if (root["do_rescale"] is { } rescale && !rescale.GetValue<bool>())
        {
            result = result with { RescaleFactor = 1f };
        }
        else if (root["rescale_factor"] is { } factor)
        {
            result = result with { RescaleFactor = factor.GetValue<float>() };
        }

        if (root["resample"] is { } resample)
        {
            result = result with { Bicubic = resample.GetValue<int>() == 3 };
        }

        // Processors without crop settings (ViT and its captioners) do not crop.
        result = result with { CenterCrop = root["do_center_crop"]?.GetValue<bool>() ?? root.ContainsKey("crop_size") };

        switch (root["crop_size"])
        {
            case JsonObject cropSize:
                result = result with { CropHeight = cropSize["height"]!.GetValue<int>(), CropWidth = cropSize["width"]!.GetValue<int>() };
                break;
            case JsonValue cropValue:
                result = result with { CropHeight = cropValue.GetValue<int>(), CropWidth = cropValue.GetValue<int>() };
                break;
        }

        switch (root["size"])
        {
            case JsonObject size when size["shortest_edge"] is { } edge:
                result = result with { ShortestEdge = edge.GetValue<int>(), ResizeHeight = null, ResizeWidth = null };
                break;
            case JsonObject size:
                result = result with { ResizeHeight = size["height"]!.GetValue<int>(), ResizeWidth = size["width"]!.GetValue<int>() };
                break;
            case JsonValue sizeValue when result.CenterCrop:
                // Older CLIP configs give one number meaning the shortest edge...
                result = result with { ShortestEdge = sizeValue.GetValue<int>() };
                break;
            case JsonValue sizeValue:
                // ...while older ViT configs (no crop) give one number meaning a square.
                result = result with { ResizeHeight = sizeValue.GetValue<int>(), ResizeWidth = sizeValue.GetValue<int>() };
                break;
        }

        return result;
    }
}
