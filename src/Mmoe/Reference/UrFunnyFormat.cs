using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>URFunny: <c>{context_sentences[], punchline_sentence, label}</c>, humour in TED talks; the punchline is the text, the sentences before it the context.</summary>
internal sealed class UrFunnyFormat : DatasetFormat
{
    public override string Name => "urfunny";

    public override string DisplayName => "URFunny";

    public override DetectionTask Task => DetectionTask.Humor;

    public override string TextField => "punchline_sentence";

    public override string Shape => "{context_sentences[], punchline_sentence, label}";

    public override ReferenceExample Read(string path, string location, string id, JsonElement record) => new()
    {
        Id = id,
        Text = Text(path, location, record),
        Context = ReferenceJson.OptionalStringArray(path, location, record, "context_sentences")
            .Select(sentence => new DialogueTurn(null, sentence))
            .ToList(),
        Label = Label(path, location, record, "label"),
    };
}
