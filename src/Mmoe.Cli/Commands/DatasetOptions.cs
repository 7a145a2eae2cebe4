using System.CommandLine;
using Mmoe.Captions;
using Mmoe.Models.Evaluation;

namespace Mmoe.Cli.Commands;

/// <summary>
/// Where a command's labeled posts come from: a reference dataset (<c>--root</c> and <c>--dataset</c>) or a user's folder
/// of JSON Lines files (<c>--data</c>, with <c>--task</c>), with the posts' captions from a captions file when
/// <c>--captions</c> names one. Loading names once, on stderr, every file the data lacks.
/// </summary>
/// <param name="readsCaptions">Add <c>--captions FILE</c> as an input (not for <c>mmoe caption</c>, which writes that file).</param>
internal sealed class DatasetOptions(bool readsCaptions = true)
{
    private readonly Option<DirectoryInfo?> _root = new("--root")
    {
        Description = "Folder holding one folder per dataset in the MMoE reference layout (e.g. ../shared/data/mmoe-reference). Use with --dataset.",
    };

    private readonly Option<string?> _dataset = new("--dataset")
    {
        Description = "Reference dataset: mustard, mmsd or urfunny (or any folder in the same layout); files are read from <root>/<dataset> or <root>/<dataset>_data.",
    };

    private readonly Option<DirectoryInfo?> _data = new("--data")
    {
        Description = "Your own dataset instead of --root/--dataset: a folder with train.jsonl, val.jsonl and optionally test.jsonl " +
                      "({\"id\", \"text\", \"caption\"?, \"context\"?, \"speaker\"?, \"label\"} per line) and optionally " +
                      "image_only_predictions.jsonl and text_only_predictions.jsonl ({\"id\", \"pred\"} per line). See docs/datasets.md.",
    };

    private readonly Option<string> _task = new("--task")
    {
        Description = "What the labels of --data mean: sarcasm or humor (reference datasets know their own: urfunny is humor).",
        DefaultValueFactory = _ => "sarcasm",
    };

    private readonly Option<FileInfo?> _captions = new("--captions")
    {
        Description = "Captions file written by mmoe caption: every post's caption comes from it (posts it lacks have none; the dataset's own captions are not used). The model records its name, SHA-256 and captioner.",
    };

    public void AddTo(Command command)
    {
        if (readsCaptions)
        {
            command.Options.Add(_captions);
        }

        command.Options.Add(_root);
        command.Options.Add(_dataset);
        command.Options.Add(_data);
        command.Options.Add(_task);
    }

    /// <summary>Whether the command line names a dataset (<c>--root</c>, <c>--dataset</c> or <c>--data</c>).</summary>
    public bool Given(ParseResult parse) =>
        parse.GetValue(_root) is not null || parse.GetValue(_dataset) is not null || parse.GetValue(_data) is not null;

    public async Task<ReferenceDataset> LoadAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var root = parse.GetValue(_root);
        var dataset = parse.GetValue(_dataset);
        var data = parse.GetValue(_data);
        ReferenceDataset loaded;
        if (data is not null)
        {
            if (root is not null || dataset is not null)
            {
                throw new ArgumentException("Give either --data (your own dataset folder) or --root with --dataset, not both.");
            }

            loaded = await ReferenceDataset.LoadUserAsync(data.FullName, DetectionTasks.Parse(parse.GetRequiredValue(_task)), cancellationToken).ConfigureAwait(false);
        }
        else if (root is not null && !string.IsNullOrWhiteSpace(dataset))
        {
            loaded = await ReferenceDataset.LoadAsync(root.FullName, dataset, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new ArgumentException("Say which data to use: --root with --dataset (e.g. --root ../shared/data/mmoe-reference --dataset mmsd), or --data with your own dataset folder.");
        }

        if (readsCaptions && parse.GetValue(_captions) is { } captions)
        {
            loaded = loaded.WithCaptions(await CaptionsFile.ReadAsync(captions.FullName, cancellationToken).ConfigureAwait(false));
        }

        foreach (var note in loaded.Notes)
        {
            await context.Error.WriteLineAsync("note: " + note).ConfigureAwait(false);
        }

        return loaded;
    }
}
