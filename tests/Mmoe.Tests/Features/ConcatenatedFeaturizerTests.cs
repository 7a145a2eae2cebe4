using System.Text.Json.Nodes;
using Mmoe.Features;

namespace Mmoe.Tests.Features;

public sealed class ConcatenatedFeaturizerTests
{
    /// <summary>A featurizer whose vector is known in advance: value v at the given indices.</summary>
    private sealed class Fixed(string name, int dimension, int[] indices, float value, FeatureModality modality = FeatureModality.Text) : IPostFeaturizer
    {
        public string Name => name;

        public int Dimension => dimension;

        public IReadOnlyList<FeatureBlock> Blocks { get; } = [new FeatureBlock(name + "_block", modality, 0, dimension)];

        public JsonObject Configuration => new() { ["value"] = value };

        public Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FeatureVector(dimension, indices, [.. indices.Select(_ => value * post.Text.Length)]));

        public async Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
        {
            var vectors = new List<FeatureVector>();
            foreach (var post in posts)
            {
                vectors.Add(await FeaturizeAsync(post, cancellationToken));
            }

            return vectors;
        }
    }

    [Fact]
    public async Task The_second_parts_features_follow_the_first_parts_dimension()
    {
        var featurizer = new ConcatenatedFeaturizer([new Fixed("a", 10, [1, 9], 1f), new Fixed("b", 4, [0, 3], 2f)]);

        var vector = await featurizer.FeaturizeAsync(new SocialPost { Text = "abc" });

        Assert.Equal(14, featurizer.Dimension);
        Assert.Equal([1, 9, 10, 13], vector.Indices);
        Assert.Equal([3f, 3f, 6f, 6f], vector.Values);
    }

    [Fact]
    public void Blocks_move_to_where_their_part_starts()
    {
        var featurizer = new ConcatenatedFeaturizer([new Fixed("a", 10, [0], 1f), new Fixed("b", 4, [0], 1f, FeatureModality.Image)]);

        Assert.Equal(
            [new FeatureBlock("a_block", FeatureModality.Text, 0, 10), new FeatureBlock("b_block", FeatureModality.Image, 10, 4)],
            featurizer.Blocks);
    }

    [Fact]
    public async Task A_batch_gives_each_post_the_vector_it_gets_alone()
    {
        var featurizer = new ConcatenatedFeaturizer([new Fixed("a", 10, [2], 1f), new Fixed("b", 4, [1], 0.5f)]);
        SocialPost[] posts = [new() { Text = "one" }, new() { Text = "three" }, new() { Text = "seventeen" }];

        var batch = await featurizer.FeaturizeBatchAsync(posts);

        for (var i = 0; i < posts.Length; i++)
        {
            var alone = await featurizer.FeaturizeAsync(posts[i]);
            Assert.Equal(alone.Indices, batch[i].Indices);
            Assert.Equal(alone.Values, batch[i].Values);
        }
    }

    [Fact]
    public void The_configuration_records_every_part_so_it_can_be_rebuilt()
    {
        var featurizer = new ConcatenatedFeaturizer([new Fixed("a", 10, [0], 1f), new Fixed("b", 4, [0], 2f)]);

        var parts = ConcatenatedFeaturizer.ReadParts(featurizer.Configuration);

        Assert.Equal(["a", "b"], parts.Select(part => part.Name));
        Assert.Equal([10, 4], parts.Select(part => part.Dimension));
        Assert.Equal(2f, parts[1].Configuration["value"]!.GetValue<float>());
    }

    [Fact]
    public void A_configuration_without_parts_is_refused_with_what_it_needs()
    {
        var error = Assert.Throws<InvalidDataException>(() => ConcatenatedFeaturizer.ReadParts(new JsonObject { ["parts"] = new JsonArray() }));

        Assert.Contains("'parts'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_part_alone_is_not_a_concatenation()
    {
        Assert.Throws<ArgumentException>(() => new ConcatenatedFeaturizer([new Fixed("a", 10, [0], 1f)]));
    }
}
