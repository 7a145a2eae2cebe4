using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>MUStARD: <c>{utterance, speaker, context[], context_speakers[], show, sarcasm}</c>, sarcasm in TV dialogue.</summary>
internal sealed class MustardFormat : DatasetFormat
{
    public override string Name => "mustard";

    public override string DisplayName => "MUStARD";

    public override DetectionTask Task => DetectionTask.Sarcasm;

    public override string TextField => "utterance";

    public override string Shape => "{utterance, speaker, context[], context_speakers[], show, sarcasm}";

    public override ReferenceExample Read(string path, string location, string id, JsonElement record)
    {
        var text = Text(path, location, record);
        var contextLines = ReferenceJson.OptionalStringArray(path, location, record, "context");
        var contextSpeakers = ReferenceJson.OptionalStringArray(path, location, record, "context_speakers");
        if (contextSpeakers.Count != 0 && contextSpeakers.Count != contextLines.Count)
        {
            throw new ReferenceFormatException(path, location,
                $"'context' has {contextLines.Count} turns but 'context_speakers' has {contextSpeakers.Count}.");
        }

        return new ReferenceExample
        {
            Id = id,
            Text = text,
            Speaker = ReferenceJson.OptionalString(path, location, record, "speaker"),
            Context = contextLines
                .Select((line, i) => new DialogueTurn(contextSpeakers.Count == 0 ? null : contextSpeakers[i], line))
                .ToList(),
            Show = ReferenceJson.OptionalString(path, location, record, "show"),
            Label = Label(path, location, record, "sarcasm", "label"),
        };
    }
}
