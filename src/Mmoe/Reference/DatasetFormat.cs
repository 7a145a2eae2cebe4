using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>
/// The record format of a dataset file (<c>data_raw/&lt;dataset&gt;_dataset_&lt;split&gt;.json</c> and the split files,
/// both id → record). Each reference dataset has its own; a file is read with the format its dataset name selects, or
/// with the one its first record fits.
/// </summary>
public abstract class DatasetFormat
{
    public static DatasetFormat Mustard { get; } = new MustardFormat();

    public static DatasetFormat Mmsd { get; } = new MmsdFormat();

    public static DatasetFormat UrFunny { get; } = new UrFunnyFormat();

    /// <summary>Every known format, in the order detection tries them (the most specific first).</summary>
    public static IReadOnlyList<DatasetFormat> All { get; } = [UrFunny, Mustard, Mmsd];

    /// <summary>The dataset's folder name: mustard, mmsd or urfunny.</summary>
    public abstract string Name { get; }

    /// <summary>The dataset's published name, for messages.</summary>
    public abstract string DisplayName { get; }

    public abstract DetectionTask Task { get; }

    /// <summary>The field only this format's records have; detection looks for it.</summary>
    public abstract string TextField { get; }

    /// <summary>The record's shape, for messages and documentation.</summary>
    public abstract string Shape { get; }

    /// <summary>The format of a reference dataset by its folder name, or null for a name no format claims.</summary>
    public static DatasetFormat? ForDataset(string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        return All.FirstOrDefault(format => format.Name.Equals(dataset, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first format whose text field <paramref name="record"/> has; an error naming every format's field otherwise.</summary>
    public static DatasetFormat Detect(string path, string location, JsonElement record)
    {
        var format = All.FirstOrDefault(candidate => record.TryGetProperty(candidate.TextField, out _));
        if (format is not null)
        {
            return format;
        }

        var found = record.EnumerateObject().Select(property => $"'{property.Name}'").ToList();
        throw new ReferenceFormatException(path, location,
            "fits no known dataset format: expected " +
            string.Join(", ", All.Select(f => $"'{f.TextField}' ({f.DisplayName}: {f.Shape})")) +
            $"; found {(found.Count == 0 ? "no fields" : string.Join(", ", found))}.");
    }

    /// <summary>Reads one record; <paramref name="location"/> names it in errors (e.g. "record '2_223'").</summary>
    public abstract ReferenceExample Read(string path, string location, string id, JsonElement record);

    /// <summary>The text field, or an error saying which format expected it.</summary>
    private protected string Text(string path, string location, JsonElement record) =>
        ReferenceJson.OptionalString(path, location, record, TextField)
        ?? throw new ReferenceFormatException(path, location, $"missing '{TextField}' (a {DisplayName} record is {Shape}).");

    /// <summary>The label under the first of <paramref name="keys"/> present.</summary>
    private protected bool Label(string path, string location, JsonElement record, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (record.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return ReferenceJson.Binary(path, location, key, value);
            }
        }

        throw new ReferenceFormatException(path, location,
            $"no label: expected {string.Join(" or ", keys.Select(k => $"'{k}'"))} (a {DisplayName} record is {Shape}).");
    }

    public override string ToString() => Name;
}
