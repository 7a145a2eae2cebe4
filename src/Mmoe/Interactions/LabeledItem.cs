namespace Mmoe.Interactions;

/// <summary>An item to categorize: its id and its true label (true = sarcastic / humorous).</summary>
public sealed record LabeledItem(string Id, bool Label);
