namespace Mmoe.LlamaSharp;

/// <summary>
/// The GGUF LoRA adapters of a LoRA-expert model. <see cref="FromDirectory"/> reads the layout
/// <c>R.gguf</c>, <c>U.gguf</c>, <c>AS.gguf</c> (or <c>S.gguf</c>), <c>router.gguf</c> and optionally <c>baseline.gguf</c>.
/// </summary>
public sealed record ExpertAdapterPaths(string Redundancy, string Uniqueness, string Synergy, string Router, string? Baseline = null)
{
    public static ExpertAdapterPaths FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Experts folder not found: {directory}.");
        }

        string? Find(params string[] names) => names
            .Select(name => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

        string Require(string what, params string[] names) => Find(names) ?? throw new FileNotFoundException(
            $"The experts folder {Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))} has no {what} adapter; expected {string.Join(" or ", names)} (GGUF LoRA, see docs for converting PEFT adapters).");

        return new ExpertAdapterPaths(
            Require("redundancy", "R.gguf"),
            Require("uniqueness", "U.gguf"),
            Require("synergy", "AS.gguf", "S.gguf"),
            Require("router", "router.gguf"),
            Find("baseline.gguf"));
    }

    public IEnumerable<(string Role, string Path)> All()
    {
        yield return ("redundancy", Redundancy);
        yield return ("uniqueness", Uniqueness);
        yield return ("synergy", Synergy);
        if (Baseline is not null)
        {
            yield return ("baseline", Baseline);
        }

        yield return ("router", Router);
    }
}
