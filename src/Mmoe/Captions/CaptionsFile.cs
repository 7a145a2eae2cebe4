using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mmoe.Reference;

namespace Mmoe.Captions;

/// <summary>
/// The captions file <c>mmoe caption</c> writes and <c>train</c>/<c>eval</c> read with <c>--captions</c>: JSON Lines, a
/// header <c>{"mmoe_captions": 1, "dataset", "captioner": {name, key, settings}}</c>, then one
/// <c>{"image": post id, "caption", "image_sha256"}</c> per captioned post, sorted by id. The caption lines are the
/// reference's own caption format (<c>{"image", "caption"}</c>), so a reference captions file without a header is
/// read too. One file holds one captioner's captions: a second header is an error, never a silent mix.
/// </summary>
public static class CaptionsFile
{
    /// <summary>The header's marker field; its value is the file format version.</summary>
    public const string HeaderField = "mmoe_captions";

    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the captions of <paramref name="posts"/> that have one (posts without a caption are left out: no line means
    /// no caption), atomically: a temporary file renamed over <paramref name="path"/>.
    /// </summary>
    public static async Task WriteAsync(
        string path, CaptionerIdentity captioner, string? dataset, IEnumerable<PostCaption> posts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(captioner);
        ArgumentNullException.ThrowIfNull(posts);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var text = new StringBuilder();
        var header = new JsonObject { [HeaderField] = FormatVersion, ["dataset"] = dataset, ["captioner"] = captioner.ToJson() };
        text.Append(header.ToJsonString(Json)).Append('\n');
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var post in posts.Where(post => post.Caption is not null).OrderBy(post => post.PostId, StringComparer.Ordinal))
        {
            if (!ids.Add(post.PostId))
            {
                throw new ArgumentException($"Post '{post.PostId}' has two captions; a captions file holds one per post.", nameof(posts));
            }

            var line = new JsonObject { ["image"] = post.PostId, ["caption"] = post.Caption, ["image_sha256"] = post.ImageSha256 };
            text.Append(line.ToJsonString(Json)).Append('\n');
        }

        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temporary, text.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads a captions file; every problem is a <see cref="ReferenceFormatException"/> naming the file and line.</summary>
    public static async Task<DatasetCaptions> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The captions file '{path}' does not exist (mmoe caption --root DIR --dataset NAME --images DIR --captions FILE writes one).", path);
        }

        var captions = new Dictionary<string, string>(StringComparer.Ordinal);
        CaptionerIdentity? captioner = null;
        string? dataset = null;
        var first = true;
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var isHeader = record.TryGetProperty(HeaderField, out _) || record.TryGetProperty("captioner", out _);
            if (isHeader)
            {
                if (!first)
                {
                    throw new ReferenceFormatException(path, location,
                        "a second captioner header: this file mixes the captions of two captioning runs. Caption the dataset again into one file.");
                }

                var version = ReferenceJson.RequiredNumber(path, location, record, HeaderField);
                if (version != FormatVersion)
                {
                    throw new ReferenceFormatException(path, location, $"captions file version {version}; this build reads version {FormatVersion}.");
                }

                dataset = ReferenceJson.OptionalString(path, location, record, "dataset");
                if (!record.TryGetProperty("captioner", out var identity) || identity.ValueKind != JsonValueKind.Object)
                {
                    throw new ReferenceFormatException(path, location, "the header has no 'captioner' object.");
                }

                try
                {
                    captioner = CaptionerIdentity.FromJson(JsonNode.Parse(identity.GetRawText())!.AsObject(), $"{path}: {location}");
                }
                catch (InvalidDataException ex)
                {
                    throw new ReferenceFormatException(path, location, ex.Message, ex);
                }

                first = false;
                continue;
            }

            first = false;
            var id = ReferenceJson.RequiredString(path, location, record, "image");
            var caption = ReferenceJson.RequiredString(path, location, record, "caption");
            if (string.IsNullOrWhiteSpace(caption))
            {
                throw new ReferenceFormatException(path, location, $"the caption of '{id}' is empty; leave the line out for a post without a caption.");
            }

            if (!captions.TryAdd(id, caption))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
            }
        }

        await using var stream = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        return new DatasetCaptions { Captions = captions, Captioner = captioner, Dataset = dataset, Path = path, Sha256 = sha };
    }
}
