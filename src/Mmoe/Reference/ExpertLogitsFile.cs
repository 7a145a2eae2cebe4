namespace Mmoe.Reference;

/// <summary>
/// An expert logits file as the reference reads it: one record per id (a repeated id keeps its last line, as the
/// reference's dictionary does), with the quirks met on the way.
/// </summary>
/// <param name="Path">The file read.</param>
/// <param name="Records">One record per id, in the order ids first appear.</param>
/// <param name="RepeatedIds">Ids on more than one line (ALBEF's files repeat a few).</param>
/// <param name="LinesWithExtraLogits">Lines whose 'logits' hold more than [no, yes] (BLIP-2's URFunny experts hold three); only the first two are read.</param>
public sealed record ExpertLogitsFile(
    string Path,
    IReadOnlyList<ExpertLogitsRecord> Records,
    IReadOnlyList<string> RepeatedIds,
    int LinesWithExtraLogits)
{
    /// <summary>The quirks of this file, one sentence each (empty when there are none).</summary>
    public IEnumerable<string> Warnings()
    {
        var name = System.IO.Path.GetFileName(Path);
        if (RepeatedIds.Count > 0)
        {
            yield return $"{name} repeats {RepeatedIds.Count} ids ({string.Join(", ", RepeatedIds.Take(5))}); the last line of each counts, as in the reference.";
        }

        if (LinesWithExtraLogits > 0)
        {
            yield return $"{name}: {LinesWithExtraLogits} lines carry more than two logits; the first two are read as [no, yes] " +
                         "(the reference's argmax over all of them would answer a class the task does not have).";
        }
    }
}
