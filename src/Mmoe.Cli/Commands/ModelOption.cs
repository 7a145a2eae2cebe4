using System.CommandLine;

namespace Mmoe.Cli.Commands;

internal static class ModelOption
{
    public static Option<DirectoryInfo?> Create() => new("--model")
    {
        Description = "Model folder written by 'mmoe train'. Omit it to use the default model embedded in the tool (trained on MUStARD).",
    };

    public static string? Directory(ParseResult parse, Option<DirectoryInfo?> option) => parse.GetValue(option)?.FullName;
}
