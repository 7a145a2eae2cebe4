using System.Text.Json.Nodes;

namespace Mmoe.Captions;

/// <summary>
/// A captions file as read (<see cref="CaptionsFile"/>): post id → caption, the captioner that wrote them (null for a
/// file without a header, such as the reference's own <c>image_captions_cogvlm2.jsonl</c>), and the file's name and
/// SHA-256, so a model trained on them can record exactly which captions it saw.
/// </summary>
public sealed record DatasetCaptions
{
    public required IReadOnlyDictionary<string, string> Captions { get; init; }

    /// <summary>Who wrote the captions, or null when the file does not say.</summary>
    public CaptionerIdentity? Captioner { get; init; }

    /// <summary>The dataset the file was written for, when its header says.</summary>
    public string? Dataset { get; init; }

    /// <summary>The file's path as given.</summary>
    public required string Path { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>
    /// What a model manifest records about these captions: <c>{"file": name, "sha256", "captions": count, "captioner":
    /// {name, key, settings} | null}</c>. The file name only, never its folder.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["file"] = System.IO.Path.GetFileName(Path),
        ["sha256"] = Sha256,
        ["captions"] = Captions.Count,
        ["captioner"] = Captioner?.ToJson(),
    };
}
