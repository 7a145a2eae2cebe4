namespace Mmoe;

/// <summary>One earlier line of a dialogue.</summary>
public sealed record DialogueTurn(string? Speaker, string Text);
