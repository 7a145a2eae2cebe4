using Mmoe.Features;

namespace Mmoe.Training.Tests;

public sealed class HashedNgramFeaturizerTests
{
    private static readonly HashedNgramFeaturizer Featurizer = new(TinyModels.Featurizer);

    private static SocialPost Post(string? caption) => new()
    {
        Text = "Oh great, another meeting!",
        Speaker = "ANN",
        Context = [new DialogueTurn("BOB", "We have a meeting at nine."), new DialogueTurn("BOB", "It runs three hours.")],
        Caption = caption,
    };

    [Fact]
    public void SamePostGivesTheSameVectorAcrossInstances()
    {
        var a = Featurizer.Featurize(Post("A woman sighs at her desk."));
        var b = new HashedNgramFeaturizer(TinyModels.Featurizer).Featurize(Post("A woman sighs at her desk."));
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void EveryPresentBlockHasUnitLengthAndIndicesStayInsideIt()
    {
        var vector = Featurizer.Featurize(Post("A woman sighs at her desk."));
        Assert.True(vector.Indices.Zip(vector.Indices.Skip(1)).All(pair => pair.First < pair.Second));
        foreach (var block in Featurizer.Blocks)
        {
            var inBlock = Enumerable.Range(0, vector.Count).Where(i => vector.Indices[i] >= block.Start && vector.Indices[i] < block.End).ToList();
            Assert.NotEmpty(inBlock);
            var norm = Math.Sqrt(inBlock.Sum(i => (double)vector.Values[i] * vector.Values[i]));
            Assert.Equal(1.0, norm, 5);
        }
    }

    [Fact]
    public void WithoutCaptionNoImageOrCrossFeaturesAreSet()
    {
        var vector = Featurizer.Featurize(Post(null));
        var textEnd = Featurizer.Blocks.Where(b => b.Modality == FeatureModality.Text).Max(b => b.End);
        Assert.All(vector.Indices, index => Assert.True(index < textEnd));
    }

    [Fact]
    public void CaptionChangesOnlyImageAndCrossBlocks()
    {
        var a = Featurizer.Featurize(Post("A woman sighs at her desk."));
        var b = Featurizer.Featurize(Post("A dog runs on the beach."));
        var textEnd = Featurizer.Blocks.Where(x => x.Modality == FeatureModality.Text).Max(x => x.End);
        Assert.Equal(a.Indices.Where(i => i < textEnd), b.Indices.Where(i => i < textEnd));
        Assert.NotEqual(a.Indices.Where(i => i >= textEnd), b.Indices.Where(i => i >= textEnd));
    }

    [Fact]
    public void ConfigurationRoundTripsAndOtherAlgorithmVersionsAreRefused()
    {
        var rebuilt = HashedNgramFeaturizer.FromConfiguration(Featurizer.Configuration);
        Assert.Equal(Featurizer.Options, rebuilt.Options);
        Assert.Equal(Featurizer.Dimension, rebuilt.Dimension);

        var future = Featurizer.Configuration;
        future["algorithmVersion"] = HashedNgramFeaturizer.AlgorithmVersion + 1;
        var error = Assert.Throws<InvalidDataException>(() => HashedNgramFeaturizer.FromConfiguration(future));
        Assert.Contains("Retrain", error.Message);
    }

    [Fact]
    public void DefaultsAreFiveBlocksOf2048WithoutDialogueContext()
    {
        var featurizer = new HashedNgramFeaturizer();
        Assert.Equal(["utterance_words", "utterance_chars", "caption_words", "caption_chars", "text_x_caption"], featurizer.Blocks.Select(b => b.Name));
        Assert.Equal(5 * 2048, featurizer.Dimension);
        var post = Post("A woman sighs at her desk.");
        Assert.Equal(featurizer.Featurize(post).Indices, featurizer.Featurize(post with { Context = [] }).Indices);
    }

    [Fact]
    public void AModelTrainedWithTheFirstDefaultsStillRebuildsItsFeaturizer()
    {
        // The options models/default recorded before the defaults changed (mmoe-mustard-ngram 1+7cfc3fd6f505).
        var configuration = System.Text.Json.Nodes.JsonNode.Parse("""
            {"algorithmVersion":1,"options":{"utteranceWordBits":14,"utteranceCharBits":14,"contextWordBits":13,"captionWordBits":13,
             "captionCharBits":14,"crossBits":14,"charNgramMin":3,"charNgramMax":5,"includeSpeaker":false,"contextTurns":3}}
            """)!.AsObject();
        var featurizer = HashedNgramFeaturizer.FromConfiguration(configuration);
        // 2^14 + 2^14 + 2^13 + 2^13 + 2^14 + 2^14 features, the context block among them.
        Assert.Equal(81920, featurizer.Dimension);
        Assert.Contains(featurizer.Blocks, b => b.Name == "context_words" && b.Length == 8192);
    }

    [Fact]
    public void SpeakerIsAFeatureOnlyWhenAskedFor()
    {
        var withSpeaker = new HashedNgramFeaturizer(TinyModels.Featurizer with { IncludeSpeaker = true });
        var post = Post(null);
        Assert.Equal(Featurizer.Featurize(post).Indices, Featurizer.Featurize(post with { Speaker = "ZED" }).Indices);
        Assert.NotEqual(withSpeaker.Featurize(post).Indices, withSpeaker.Featurize(post with { Speaker = "ZED" }).Indices);
    }

    [Fact]
    public void SocialPlaceholdersMakeALivePostReadLikeItsPreTokenisedForm()
    {
        var featurizer = new HashedNgramFeaturizer(TinyModels.Featurizer with { SocialPlaceholders = true });
        var live = featurizer.Featurize(new SocialPost { Text = "@bob thanks for showing up https://t.co/x" });
        var released = featurizer.Featurize(new SocialPost { Text = "<user> thanks for showing up" });
        Assert.Equal(released.Indices, live.Indices);
        Assert.Equal(released.Values, live.Values);
        // Without the option the mention's name is read as a word, so the vectors differ.
        var plain = new HashedNgramFeaturizer(TinyModels.Featurizer).Featurize(new SocialPost { Text = "@bob thanks for showing up https://t.co/x" });
        Assert.NotEqual(released.Indices, plain.Indices);
    }
}
