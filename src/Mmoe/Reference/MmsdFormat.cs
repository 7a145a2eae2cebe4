using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>MMSD2.0: <c>{text, label}</c>, sarcasm in tweets (pre-tokenised, with <c>&lt;user&gt;</c> and <c>&lt;num&gt;</c> placeholders).</summary>
internal sealed class MmsdFormat : DatasetFormat
{
    public override string Name => "mmsd";

    public override string DisplayName => "MMSD2.0";

    public override DetectionTask Task => DetectionTask.Sarcasm;

    public override string TextField => "text";

    public override string Shape => "{text, label}";

    public override ReferenceExample Read(string path, string location, string id, JsonElement record) => new()
    {
        Id = id,
        Text = Text(path, location, record),
        Label = Label(path, location, record, "label"),
    };
}
