using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Mmoe.Captions;

/// <summary>
/// What produced a caption, precisely enough that another captioner (other weights, another prompt, another length
/// limit) never shares its cache entries or passes for it in a captions file: a name (<c>mtmd</c>,
/// <c>onnx-captioner</c>, <c>chat-client</c>, ...) and its settings, which should name every model file by size and
/// SHA-256 (never by absolute path, so the key is the same on every machine).
/// </summary>
public sealed record CaptionerIdentity
{
    public CaptionerIdentity(string name, JsonObject settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        Settings = settings;
        // Computed once: the settings are serialised as given, so two identities with the same JSON share a key.
        Key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"mmoe-captioner-v1\u001f{name}\u001f{settings.ToJsonString()}")));
    }

    public string Name { get; }

    public JsonObject Settings { get; }

    /// <summary>Lower-case hex SHA-256 of the name and settings: the part of every cache key that names the captioner.</summary>
    public string Key { get; }

    /// <summary>The identity as JSON: <c>{"name", "key", "settings"}</c> (what captions files and model manifests record).</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["key"] = Key,
        ["settings"] = Settings.DeepClone(),
    };

    /// <summary>Reads <see cref="ToJson"/>'s shape back; the key is recomputed and must match the recorded one.</summary>
    public static CaptionerIdentity FromJson(JsonObject json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name)
            || json["settings"] is not JsonObject settings)
        {
            throw new InvalidDataException($"{source}: the captioner record needs a 'name' and a 'settings' object.");
        }

        var identity = new CaptionerIdentity(name, (JsonObject)settings.DeepClone());
        if (json["key"] is JsonValue keyValue && keyValue.TryGetValue<string>(out var key) && key != identity.Key)
        {
            throw new InvalidDataException($"{source}: the captioner record's key {key} does not match its name and settings ({identity.Key}); the file was edited.");
        }

        return identity;
    }

    /// <summary>A model file as the settings record it: <c>{"file": name, "bytes", "sha256"}</c> (streamed, so gigabyte GGUFs are fine).</summary>
    public static async Task<JsonObject> DescribeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The captioner's file '{path}' does not exist.", path);
        }

        await using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["file"] = info.Name,
            ["bytes"] = info.Length,
            ["sha256"] = Convert.ToHexStringLower(hash),
        };
    }
}
