using System.CommandLine;

namespace Mmoe.Cli.Commands;

internal static class CommonOptions
{
    public static Option<DirectoryInfo> Root() => new("--root")
    {
        Description = "Folder holding one folder per dataset in the MMoE reference layout (e.g. ../shared/data/mmoe-reference).",
        Required = true,
    };

    public static Option<string> Dataset() => new("--dataset")
    {
        Description = "Dataset name, e.g. mustard; files are read from <root>/<dataset> or <root>/<dataset>_data.",
        Required = true,
    };

    public static Option<string> Split(string defaultSplit = "test") => new("--split")
    {
        Description = "Which split to use: train, val or test.",
        DefaultValueFactory = _ => defaultSplit,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write one JSON object to standard output instead of tables.",
    };
}
