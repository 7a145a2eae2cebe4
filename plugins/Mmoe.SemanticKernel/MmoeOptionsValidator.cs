using Microsoft.Extensions.Options;

namespace Mmoe.SemanticKernel;

/// <summary>Checks <see cref="MmoeOptions"/> when the plugin is built, so a misconfiguration fails at startup and not on a tool call.</summary>
internal sealed class MmoeOptionsValidator : IValidateOptions<MmoeOptions>
{
    public ValidateOptionsResult Validate(string? name, MmoeOptions options)
    {
        var failures = new List<string>();
        if (options.ModelPath is { } modelPath && modelPath != Mmoe.Models.MmoeModels.EmbeddedNgramModel && !Directory.Exists(modelPath))
        {
            failures.Add($"MmoeOptions.ModelPath '{modelPath}' does not exist as a folder: point it at a trained MMoE model folder (written by 'mmoe train'), or leave it null for the default model.");
        }

        if (options.HumorModelPath is { } humorPath && !Directory.Exists(humorPath))
        {
            failures.Add($"MmoeOptions.HumorModelPath '{humorPath}' does not exist as a folder: point it at a humour model folder (written by 'mmoe train --dataset urfunny'), or leave it null to go without detect_humor.");
        }

        foreach (var root in options.AllowedImageRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                failures.Add($"MmoeOptions.AllowedImageRoots entry '{root}' is not an absolute folder path: use absolute paths such as /srv/images.");
            }
            else if (!Directory.Exists(root))
            {
                failures.Add($"MmoeOptions.AllowedImageRoots entry '{root}' does not exist: create the folder or remove the entry.");
            }
        }

        Positive(failures, nameof(MmoeOptions.MaxImageBytes), options.MaxImageBytes);
        Positive(failures, nameof(MmoeOptions.MaxImagePixels), options.MaxImagePixels);
        Positive(failures, nameof(MmoeOptions.MaxTextCharacters), options.MaxTextCharacters);
        Positive(failures, nameof(MmoeOptions.MaxCaptionCharacters), options.MaxCaptionCharacters);
        Positive(failures, nameof(MmoeOptions.MaxContextCharacters), options.MaxContextCharacters);
        Positive(failures, nameof(MmoeOptions.MaxBatchSize), options.MaxBatchSize);
        Positive(failures, nameof(MmoeOptions.MaxArgumentBytes), options.MaxArgumentBytes);
        Positive(failures, nameof(MmoeOptions.MaxIdCharacters), options.MaxIdCharacters);
        Positive(failures, nameof(MmoeOptions.MaxEchoedCaptionCharacters), options.MaxEchoedCaptionCharacters);
        if (!Enum.IsDefined(options.OverlongText))
        {
            failures.Add($"MmoeOptions.OverlongText is {(int)options.OverlongText}: use Truncate or Reject.");
        }

        if (options.Threshold is { } threshold && (double.IsNaN(threshold) || threshold <= 0 || threshold >= 1))
        {
            failures.Add($"MmoeOptions.Threshold is {options.Threshold}: use a probability strictly between 0 and 1, or leave it unset to keep the model's own decision.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, long value)
    {
        if (value <= 0)
        {
            failures.Add($"MmoeOptions.{name} is {value}: it must be a positive number.");
        }
    }
}
