using Mmoe.Detection;

namespace Mmoe.Tests.Detection;

public sealed class InteractionExpertsDetectorTests
{
    private static readonly PostImage Image = PostImage.FromBytes(new byte[] { 1, 2, 3 });

    [Fact]
    public async Task Detector_describes_uncaptioned_images_scores_and_fuses()
    {
        var experts = new FixedExperts(new ExpertScores
        {
            Redundancy = new BinaryLogits(0, 0),
            Uniqueness = new BinaryLogits(0, Math.Log(3)),
            Synergy = new BinaryLogits(Math.Log(3), 0),
            Router = new InteractionScores(0, Math.Log(2), 0),
        });
        var captioner = new CountingCaptioner();
        var detector = new InteractionExpertsDetector(experts, captioner);

        var verdicts = await detector.DetectBatchAsync(
        [
            new SocialPost { Id = "1", Text = "a", Image = Image },
            new SocialPost { Id = "2", Text = "b", Image = Image, Caption = "given" },
            new SocialPost { Id = "3", Text = "c" },
        ]);

        Assert.Equal(["caption 1", "given", null], experts.Seen.Select(post => post.Caption));
        Assert.Equal(1, captioner.Calls);
        Assert.Equal(["caption 1", "given", null], verdicts.Select(v => v.Caption));
        // Weights 1/4, 1/2, 1/4; positive probabilities 1/2, 3/4, 1/4: mixture 1/8 + 3/8 + 1/16 = 9/16.
        Assert.Equal(0.5625, verdicts[0].Probability, 12);
        Assert.True(verdicts[0].IsSarcastic);
        Assert.Equal(InteractionType.Uniqueness, verdicts[0].DrivingInteraction);
    }

    [Fact]
    public async Task Cache_describes_each_distinct_image_once()
    {
        var inner = new CountingCaptioner();
        var cache = new CachingImageToText(inner);

        var first = await cache.DescribeAsync(PostImage.FromBytes(new byte[] { 1, 2, 3 }));
        var again = await cache.DescribeAsync(PostImage.FromBytes(new byte[] { 1, 2, 3 }));
        var other = await cache.DescribeAsync(PostImage.FromBytes(new byte[] { 9 }));

        Assert.Equal("caption 1", first);
        Assert.Equal("caption 1", again);
        Assert.Equal("caption 2", other);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Cache_forgets_failures_and_evicts_beyond_capacity()
    {
        var inner = new CountingCaptioner { FailFirst = true };
        var cache = new CachingImageToText(inner, capacity: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.DescribeAsync(Image));
        Assert.Equal("caption 2", await cache.DescribeAsync(Image));
        await cache.DescribeAsync(PostImage.FromBytes(new byte[] { 7 }));
        Assert.Equal(1, cache.Count);
        Assert.Equal("caption 4", await cache.DescribeAsync(Image));
    }

    private sealed class FixedExperts(ExpertScores scores) : IInteractionExperts
    {
        public List<SocialPost> Seen { get; } = [];

        public ModelInfo Model { get; } = new("fixed", "1");

        public Task<IReadOnlyList<ExpertScores>> ScoreAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
        {
            Seen.AddRange(posts);
            return Task.FromResult<IReadOnlyList<ExpertScores>>([.. posts.Select(_ => scores)]);
        }
    }

    private sealed class CountingCaptioner : IImageToText
    {
        public int Calls { get; private set; }

        public bool FailFirst { get; init; }

        public Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
        {
            Calls++;
            return FailFirst && Calls == 1
                ? Task.FromException<string>(new InvalidOperationException("captioner down"))
                : Task.FromResult($"caption {Calls}");
        }
    }
}
