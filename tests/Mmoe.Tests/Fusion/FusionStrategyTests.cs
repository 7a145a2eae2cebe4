using Mmoe.Fusion;

namespace Mmoe.Tests.Fusion;

/// <summary>Hand-worked cases: softmax(0, ln 3) = (0.25, 0.75), softmax(0, ln 9) = (0.1, 0.9).</summary>
public sealed class FusionStrategyTests
{
    private static readonly double Ln3 = Math.Log(3);
    private static readonly double Ln9 = Math.Log(9);

    private static FusionInput Input(BinaryLogits r, BinaryLogits u, BinaryLogits s) => new() { Redundancy = r, Uniqueness = u, Synergy = s };

    [Fact]
    public void RusWithEqualRouterLogitsAveragesExpertProbabilities()
    {
        var input = Input(new(Ln3, 0), new(0, 0), new(0, Ln9)) with { RouterLogits = new InteractionScores(0, 0, 0) };
        var decision = new RusFusion().Fuse(input);
        Assert.Equal((0.25 + 0.5 + 0.9) / 3, decision.Scores.Positive, 12);
        Assert.Equal(1, decision.PredictedClass);
    }

    [Fact]
    public void RusFollowsTheRoutersPreferredExpert()
    {
        // softmax(ln 8, 0, 0) = (0.8, 0.1, 0.1): mostly the redundancy expert, which says negative.
        var input = Input(new(Ln3, 0), new(0, 0), new(0, Ln9)) with { RouterLogits = new InteractionScores(Math.Log(8), 0, 0) };
        var decision = new RusFusion().Fuse(input);
        Assert.Equal((0.8 * 0.25) + (0.1 * 0.5) + (0.1 * 0.9), decision.Scores.Positive, 12);
        Assert.Equal(0, decision.PredictedClass);
    }

    [Fact]
    public void RusWithoutRouterLogitsIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new RusFusion().Fuse(Input(new(0, 1), new(0, 1), new(0, 1))));
        Assert.Contains("router logits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AverageUsesRawLogitsAndTiesGoNegative()
    {
        var tie = new AverageFusion().Fuse(Input(new(1, 2), new(3, 0), new(-1, 1)));
        Assert.Equal(new BinaryLogits(1, 1), tie.Scores);
        Assert.Equal(0, tie.PredictedClass);

        var positive = new AverageFusion().Fuse(Input(new(1, 2), new(3, 0), new(-1, 1.5)));
        Assert.Equal(1, positive.PredictedClass);
    }

    [Fact]
    public void MaxTakesTheElementwiseMaximum()
    {
        var decision = new MaxFusion().Fuse(Input(new(1, 2), new(3, 0), new(-1, 1)));
        Assert.Equal(new BinaryLogits(3, 2), decision.Scores);
        Assert.Equal(0, decision.PredictedClass);
    }

    [Fact]
    public void SoftmaxAveragesProbabilitiesSoOneLoudExpertCannotOutvoteTwo()
    {
        // Raw logits average to (5/3, 10/3): positive. Probabilities average to about 0.39 positive: negative.
        var input = Input(new(0, 10), new(3, 0), new(2, 0));
        Assert.Equal(1, new AverageFusion().Fuse(input).PredictedClass);
        var decision = new SoftmaxFusion().Fuse(input);
        var expected = (1 / (1 + Math.Exp(-10)) + (1 / (1 + Math.Exp(3))) + (1 / (1 + Math.Exp(2)))) / 3;
        Assert.Equal(expected, decision.Scores.Positive, 12);
        Assert.Equal(0, decision.PredictedClass);
    }

    [Fact]
    public void CascadeTrustsTheMoreConfidentOfRAndUWhenBothAreConfident()
    {
        var decision = new CascadedFusion(0.7).Fuse(Input(new(0, Ln9), new(Ln3, 0), new(Ln3, 0)));
        Assert.Equal(1, decision.PredictedClass);
        Assert.Equal(0.9, decision.Scores.Positive, 12);
    }

    [Fact]
    public void CascadeTakesUWhenRIsNotStrictlyMoreConfident()
    {
        var decision = new CascadedFusion(0.7).Fuse(Input(new(0, Ln9), new(Ln9, 0), new(0, Ln9)));
        Assert.Equal(0, decision.PredictedClass);
    }

    [Fact]
    public void CascadeDefersToSynergyWhenEitherIsUnsure()
    {
        var decision = new CascadedFusion(0.7).Fuse(Input(new(0, Ln9), new(0, 0), new(Ln3, 0)));
        Assert.Equal(0, decision.PredictedClass);
        Assert.Equal(0.25, decision.Scores.Positive, 12);
    }

    [Fact]
    public void CascadeRejectsAThresholdOutsideZeroToOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CascadedFusion(1.5));

    [Theory]
    [InlineData(InteractionType.Redundancy, 0)]
    [InlineData(InteractionType.Uniqueness, 1)]
    [InlineData(InteractionType.Synergy, 0)]
    public void OracleUsesTheTrueInteractionsExpert(InteractionType truth, int expected)
    {
        var input = Input(new(2, 1), new(0, 1), new(1, 1)) with { TrueInteraction = truth };
        Assert.Equal(expected, new OracleFusion().Fuse(input).PredictedClass);
    }

    [Fact]
    public void OracleWithoutTheTrueInteractionIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new OracleFusion().Fuse(Input(new(0, 1), new(0, 1), new(0, 1))));
        Assert.Contains("oracle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnimodalAugmentedSumsRAndSProbabilitiesWhenTheModalitiesAgree()
    {
        // R says (0.25, 0.75), S says (0.9, 0.1): the sum (1.15, 0.85) is negative; U's strong positive is ignored.
        var input = Input(new(0, Ln3), new(0, 5), new(Ln9, 0)) with { Unimodal = new UnimodalLabels(true, true) };
        var decision = new UnimodalAugmentedFusion().Fuse(input);
        Assert.Equal(1.15, decision.Scores.Negative, 12);
        Assert.Equal(0, decision.PredictedClass);
    }

    [Fact]
    public void UnimodalAugmentedUsesUniquenessLogitsWhenTheModalitiesDisagree()
    {
        var input = Input(new(0, Ln3), new(0, 5), new(Ln9, 0)) with { Unimodal = new UnimodalLabels(true, false) };
        var decision = new UnimodalAugmentedFusion().Fuse(input);
        Assert.Equal(new BinaryLogits(0, 5), decision.Scores);
        Assert.Equal(1, decision.PredictedClass);
    }

    [Theory]
    [InlineData("rus", typeof(RusFusion))]
    [InlineData("average", typeof(AverageFusion))]
    [InlineData("MAX", typeof(MaxFusion))]
    [InlineData("softmax", typeof(SoftmaxFusion))]
    [InlineData("oracle", typeof(OracleFusion))]
    [InlineData("unimodal_augmented", typeof(UnimodalAugmentedFusion))]
    [InlineData("cascaded(0.7)", typeof(CascadedFusion))]
    public void ParseKnowsEveryStrategy(string name, Type expected) => Assert.IsType(expected, FusionStrategies.Parse(name));

    [Fact]
    public void ParseReadsTheCascadeThreshold() =>
        Assert.Equal(0.65, Assert.IsType<CascadedFusion>(FusionStrategies.Parse("cascaded(0.65)")).Threshold);

    [Theory]
    [InlineData("median")]
    [InlineData("cascaded(high)")]
    [InlineData("cascaded(0.7")]
    public void ParseRejectsUnknownNamesListingTheKnownOnes(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => FusionStrategies.Parse(name));
        Assert.Contains("unimodal_augmented", error.Message, StringComparison.Ordinal);
    }
}
