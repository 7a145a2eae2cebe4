using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Mmoe.Features;

/// <summary>
/// An <see cref="IPostFeaturizer"/> that reads each post's vector from a <see cref="FeatureCache"/> and asks the inner
/// featurizer only for the posts it lacks (in one batch), writing them back. Name, dimension, blocks and configuration
/// are the inner featurizer's, so a model trained through it records the inner featurizer. Disposing it disposes the
/// inner featurizer when <c>ownsInner</c> is set.
/// </summary>
public sealed class CachingPostFeaturizer(IPostFeaturizer inner, FeatureCache cache, bool ownsInner = false) : IPostFeaturizer, IDisposable
{
    private readonly IPostFeaturizer _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public FeatureCache Cache { get; } = cache ?? throw new ArgumentNullException(nameof(cache));

    public IPostFeaturizer Inner => _inner;

    public string Name => _inner.Name;

    public int Dimension => _inner.Dimension;

    public IReadOnlyList<FeatureBlock> Blocks => _inner.Blocks;

    public JsonObject Configuration => _inner.Configuration;

    public async Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default) =>
        (await FeaturizeBatchAsync([post], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var configuration = _inner.Configuration;
        var vectors = new FeatureVector?[posts.Count];
        var keys = new string[posts.Count];
        var missing = new List<int>();
        for (var i = 0; i < posts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var post = posts[i] ?? throw new ArgumentException($"Post {i} is null.", nameof(posts));
            keys[i] = FeatureCache.KeyOf(_inner.Name, configuration, post, await ImageHashAsync(post, cancellationToken).ConfigureAwait(false));
            vectors[i] = Cache.TryRead(keys[i], _inner.Dimension);
            if (vectors[i] is null)
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var computed = await _inner.FeaturizeBatchAsync(missing.Select(i => posts[i]).ToList(), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < missing.Count; j++)
            {
                vectors[missing[j]] = computed[j];
                Cache.Write(keys[missing[j]], computed[j]);
            }

            Cache.Trim();
        }

        return vectors!;
    }

    private static async Task<byte[]?> ImageHashAsync(SocialPost post, CancellationToken cancellationToken)
    {
        if (post.Image is not { } image)
        {
            return null;
        }

        if (image.Bytes is { } bytes)
        {
            return SHA256.HashData(bytes.Span);
        }

        await using var stream = File.OpenRead(image.FilePath!);
        return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (ownsInner && _inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
