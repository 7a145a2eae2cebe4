using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>The lexical test detector, also keeping every post it was asked about so tests can see what the plugin passed on.</summary>
internal sealed class RecordingDetector : IMmoeDetector
{
    private readonly LexicalTestDetector _inner = new();
    private readonly ConcurrentQueue<SocialPost> _posts = new();

    public IReadOnlyList<SocialPost> Posts => [.. _posts];

    public ModelInfo Model => _inner.Model;

    public static Kernel Kernel(RecordingDetector detector, Action<MmoeOptions>? configure = null, IImageToText? imageToText = null)
    {
        var builder = Microsoft.SemanticKernel.Kernel.CreateBuilder();
        builder.Services.AddSingleton<IMmoeDetector>(detector);
        if (imageToText is not null)
        {
            builder.Services.AddSingleton(imageToText);
        }

        builder.AddMmoePlugin(configure);
        return builder.Build();
    }

    public Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        _posts.Enqueue(post);
        return _inner.DetectAsync(post, cancellationToken);
    }

    public async Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        foreach (var post in posts)
        {
            _posts.Enqueue(post);
        }

        return await _inner.DetectBatchAsync(posts, cancellationToken);
    }
}
