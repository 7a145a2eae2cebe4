using Mmoe.Interactions;

namespace Mmoe.Tests.Interactions;

public sealed class InteractionCategorizerTests
{
    [Theory]
    [InlineData(true, true, true, InteractionType.Redundancy)]
    [InlineData(false, false, false, InteractionType.Redundancy)]
    [InlineData(true, true, false, InteractionType.Synergy)]
    [InlineData(false, false, true, InteractionType.Synergy)]
    [InlineData(true, false, true, InteractionType.Uniqueness)]
    [InlineData(true, false, false, InteractionType.Uniqueness)]
    [InlineData(false, true, true, InteractionType.Uniqueness)]
    [InlineData(false, true, false, InteractionType.Uniqueness)]
    public void CategorizesEveryCombination(bool imageOnly, bool textOnly, bool label, InteractionType expected) =>
        Assert.Equal(expected, InteractionCategorizer.Categorize(imageOnly, textOnly, label));

    [Fact]
    public void ItemsMissingAPredictionAreReportedNotDropped()
    {
        var items = new[] { new LabeledItem("a", true), new LabeledItem("b", false), new LabeledItem("c", true), new LabeledItem("d", false) };
        var imageOnly = new Dictionary<string, bool> { ["a"] = true, ["b"] = false, ["d"] = true };
        var textOnly = new Dictionary<string, bool> { ["a"] = true, ["c"] = true, ["d"] = true };

        var result = InteractionCategorizer.Categorize(items, imageOnly, textOnly);

        Assert.Equal(["a"], result.Subset(InteractionType.Redundancy));
        Assert.Equal(["d"], result.Subset(InteractionType.Synergy));
        Assert.Empty(result.Subset(InteractionType.Uniqueness));
        Assert.Equal(["c"], result.MissingImageOnly);
        Assert.Equal(["b"], result.MissingTextOnly);
        Assert.Equal(["c", "b"], result.Uncategorized);
    }

    [Fact]
    public void SubsetsKeepTheInputOrder()
    {
        var items = new[] { new LabeledItem("z", true), new LabeledItem("a", true), new LabeledItem("m", true) };
        var predictions = new Dictionary<string, bool> { ["z"] = true, ["a"] = true, ["m"] = true };
        Assert.Equal(["z", "a", "m"], InteractionCategorizer.Categorize(items, predictions, predictions).Subset(InteractionType.Redundancy));
    }

    [Fact]
    public void ADuplicateIdIsAnError()
    {
        var items = new[] { new LabeledItem("a", true), new LabeledItem("a", false) };
        var predictions = new Dictionary<string, bool> { ["a"] = true };
        Assert.Throws<ArgumentException>(() => InteractionCategorizer.Categorize(items, predictions, predictions));
    }

    [Fact]
    public void SplitDiscrepancyListsBothDirections()
    {
        var discrepancy = SplitDiscrepancy.Compare(InteractionType.Synergy, ["a", "b", "c"], ["b", "c", "d", "e"]);
        Assert.Equal(["a"], discrepancy.OnlyInReleased);
        Assert.Equal(["d", "e"], discrepancy.OnlyInComputed);
        Assert.False(discrepancy.IsEmpty);
    }
}
