using System.Text.Json.Nodes;

namespace Mmoe.Features;

/// <summary>
/// Several featurizers side by side: each post's vector is the parts' vectors one after another, and the blocks are
/// the parts' blocks shifted to where their part starts. This is how a model reads hashed n-grams and sentence
/// embeddings together (<c>hashed-ngrams</c> + <c>minilm</c>): each part keeps its own name and configuration in the
/// manifest, so the loader rebuilds every part the way it rebuilds a featurizer on its own (built in or by its backend).
/// Disposing it disposes the parts when it owns them.
/// </summary>
public sealed class ConcatenatedFeaturizer : IPostFeaturizer, IDisposable
{
    public const string FeaturizerName = "concat";

    private readonly IPostFeaturizer[] _parts;
    private readonly int[] _offsets;
    private readonly bool _ownsParts;

    /// <param name="parts">The featurizers in the order their features appear (at least two).</param>
    /// <param name="ownsParts">Dispose the parts with this featurizer.</param>
    public ConcatenatedFeaturizer(IReadOnlyList<IPostFeaturizer> parts, bool ownsParts = true)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
        {
            throw new ArgumentException($"A concatenation needs at least two featurizers; got {parts.Count}.", nameof(parts));
        }

        _parts = [.. parts.Select((part, i) => part ?? throw new ArgumentException($"Featurizer {i} is null.", nameof(parts)))];
        _offsets = new int[_parts.Length];
        var blocks = new List<FeatureBlock>();
        var start = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            _offsets[i] = start;
            blocks.AddRange(_parts[i].Blocks.Select(block => block with { Start = block.Start + start }));
            start = checked(start + _parts[i].Dimension);
        }

        _ownsParts = ownsParts;
        Blocks = blocks;
        Dimension = start;
    }

    public string Name => FeaturizerName;

    public int Dimension { get; }

    public IReadOnlyList<FeatureBlock> Blocks { get; }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<IPostFeaturizer> Parts => _parts;

    /// <summary><c>{"parts": [{"name", "dimension", "configuration"}, …]}</c>, each part as a manifest records a featurizer.</summary>
    public JsonObject Configuration => new()
    {
        ["parts"] = new JsonArray([.. _parts.Select(part => (JsonNode)new JsonObject
        {
            ["name"] = part.Name,
            ["dimension"] = part.Dimension,
            ["configuration"] = part.Configuration.DeepClone(),
        })]),
    };

    /// <summary>The parts a <see cref="Configuration"/> records: name, dimension and configuration of each, in order.</summary>
    public static IReadOnlyList<(string Name, int Dimension, JsonObject Configuration)> ReadParts(JsonObject configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["parts"] is not JsonArray parts || parts.Count < 2)
        {
            throw new InvalidDataException("The concat featurizer configuration has no 'parts' array of at least two featurizers.");
        }

        return [.. parts.Select((node, i) =>
        {
            var part = node as JsonObject;
            var name = part?["name"]?.GetValue<string>();
            var dimension = part?["dimension"]?.GetValue<int>() ?? 0;
            if (string.IsNullOrEmpty(name) || dimension <= 0 || part!["configuration"] is not JsonObject inner)
            {
                throw new InvalidDataException($"Part {i} of the concat featurizer configuration needs a 'name', a positive 'dimension' and a 'configuration' object.");
            }

            return (Name: name, Dimension: dimension, Configuration: (JsonObject)inner.DeepClone());
        })];
    }

    public async Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var vectors = new FeatureVector[_parts.Length];
        for (var p = 0; p < _parts.Length; p++)
        {
            vectors[p] = await _parts[p].FeaturizeAsync(post, cancellationToken).ConfigureAwait(false);
        }

        return Join(vectors);
    }

    public async Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        // Each part sees the whole batch, so an encoder part runs its model once per batch, not once per post.
        var byPart = new IReadOnlyList<FeatureVector>[_parts.Length];
        for (var p = 0; p < _parts.Length; p++)
        {
            byPart[p] = await _parts[p].FeaturizeBatchAsync(posts, cancellationToken).ConfigureAwait(false);
            if (byPart[p].Count != posts.Count)
            {
                throw new InvalidOperationException($"Featurizer '{_parts[p].Name}' returned {byPart[p].Count} vectors for {posts.Count} posts.");
            }
        }

        var joined = new FeatureVector[posts.Count];
        var one = new FeatureVector[_parts.Length];
        for (var i = 0; i < posts.Count; i++)
        {
            for (var p = 0; p < _parts.Length; p++)
            {
                one[p] = byPart[p][i];
            }

            joined[i] = Join(one);
        }

        return joined;
    }

    private FeatureVector Join(FeatureVector[] vectors)
    {
        var count = 0;
        for (var p = 0; p < vectors.Length; p++)
        {
            if (vectors[p].Dimension != _parts[p].Dimension)
            {
                throw new InvalidOperationException($"Featurizer '{_parts[p].Name}' returned {vectors[p].Dimension} dimensions; it declares {_parts[p].Dimension}.");
            }

            count += vectors[p].Count;
        }

        var indices = new int[count];
        var values = new float[count];
        var at = 0;
        for (var p = 0; p < vectors.Length; p++)
        {
            var offset = _offsets[p];
            var vector = vectors[p];
            for (var i = 0; i < vector.Count; i++, at++)
            {
                indices[at] = vector.Indices[i] + offset;
                values[at] = vector.Values[i];
            }
        }

        return new FeatureVector(Dimension, indices, values);
    }

    public void Dispose()
    {
        if (!_ownsParts)
        {
            return;
        }

        foreach (var part in _parts)
        {
            (part as IDisposable)?.Dispose();
        }
    }
}
