using System.CommandLine;

namespace Mmoe.Cli.Commands;

internal static class ModelOption
{
    public static Option<DirectoryInfo?> Create() => new("--model")
    {
        Description = $"Model folder written by 'mmoe train', or {Mmoe.Models.MmoeModels.EmbeddedNgramModel} for the embedded n-gram model (no encoder, fastest). Omit it to use the default model embedded in the tool (MiniLM + n-grams, trained on MMSD2.0).",
    };

    /// <summary>The folder's full path; the embedded n-gram model's name as given.</summary>
    public static string? Directory(ParseResult parse, Option<DirectoryInfo?> option) =>
        parse.GetResult(option)?.Tokens.FirstOrDefault()?.Value == Mmoe.Models.MmoeModels.EmbeddedNgramModel
            ? Mmoe.Models.MmoeModels.EmbeddedNgramModel
            : parse.GetValue(option)?.FullName;
}
