using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;
using Mmoe.Features;

namespace Mmoe.Models;

/// <summary>
/// The detector for linear MMoE models: pure managed code (no native libraries), thread-safe, a few hundred
/// microseconds per post. Posts with an image but no caption are judged on their text alone (the image judge then
/// answers null); give a caption, or describe the image first with an <see cref="IImageToText"/> backend.
/// </summary>
public sealed class ManagedMmoeDetector : IMmoeDetector, IDisposable
{
    private readonly ILogger _logger;
    private readonly bool _ownsFeaturizer;

    /// <param name="model">The model.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="ownsFeaturizer">Dispose the model's featurizer (a native or ONNX one) with this detector.</param>
    public ManagedMmoeDetector(LinearMmoeModel model, ILogger<ManagedMmoeDetector>? logger = null, bool ownsFeaturizer = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        LinearModel = model;
        _logger = logger ?? NullLogger<ManagedMmoeDetector>.Instance;
        _ownsFeaturizer = ownsFeaturizer;
    }

    public LinearMmoeModel LinearModel { get; }

    public ModelInfo Model => LinearModel.Info;

    public async Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        cancellationToken.ThrowIfCancellationRequested();
        Check(post);
        return LinearModel.Judge(post, await LinearModel.ScoreAsync(post, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        for (var i = 0; i < posts.Count; i++)
        {
            Check(posts[i] ?? throw new ArgumentException($"Post {i} is null.", nameof(posts)));
        }

        // One featurizer batch for all posts: encoder-based featurizers (onnx-clip) run their models once per batch.
        var scores = await LinearModel.ScoreBatchAsync(posts, cancellationToken).ConfigureAwait(false);
        return posts.Select((post, i) => LinearModel.Judge(post, scores[i])).ToArray();
    }

    private void Check(SocialPost post)
    {
        if (string.IsNullOrWhiteSpace(post.Text))
        {
            throw new ArgumentException("The post has no text; the detector needs at least the text of the post.", nameof(post));
        }

        // Only the hashed featurizer reads images through their captions; encoder featurizers read the image itself.
        if (post.Image is not null && string.IsNullOrWhiteSpace(post.Caption) && LinearModel.Featurizer is HashedNgramFeaturizer)
        {
            _logger.LogDebug("Post {PostId} has an image but no caption; judging it on its text alone.", post.Id);
        }
    }

    public void Dispose()
    {
        if (_ownsFeaturizer && LinearModel.Featurizer is IDisposable featurizer)
        {
            featurizer.Dispose();
        }
    }
}
