using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Mmoe.Features;
using Mmoe.Models;
using Mmoe.Onnx;

namespace Mmoe.Cli.Featurizers;

/// <summary>
/// The one place the command line turns a featurizer name into a featurizer: for training (<see cref="Create"/>) and
/// for a trained model's manifest (<see cref="FromManifest"/>).
/// </summary>
internal static class FeaturizerFactory
{
    public static IReadOnlyList<string> Names { get; } = [HashedNgramFeaturizer.FeaturizerName, OnnxClipFeaturizer.FeaturizerName];

    /// <summary>A fresh featurizer to train with (hashed-ngrams when no name is given); <paramref name="hashed"/> configures hashed-ngrams.</summary>
    public static IPostFeaturizer Create(FeaturizerSelection selection, HashedNgramOptions? hashed = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return (selection.Name ?? HashedNgramFeaturizer.FeaturizerName) switch
        {
            HashedNgramFeaturizer.FeaturizerName => new HashedNgramFeaturizer(hashed),
            OnnxClipFeaturizer.FeaturizerName => new OnnxClipFeaturizer(
                new OnnxClipOptions { ModelDirectory = RequireClip(selection, "--featurizer onnx-clip needs") },
                loggers?.CreateLogger<OnnxClipFeaturizer>()),
            var name => throw UnknownName(name),
        };
    }

    /// <summary>What <c>MmoeModels.LoadAsync</c> calls to build a model's featurizer from its manifest.</summary>
    public static Func<ManifestFeaturizer, IPostFeaturizer> ForManifest(FeaturizerSelection selection, ILoggerFactory? loggers = null) =>
        recorded => FromManifest(recorded.Name, recorded.Configuration, selection, loggers);

    /// <summary>
    /// The featurizer a model manifest records, rebuilt from its configuration. Fails when the command line asked
    /// for a different featurizer, or when onnx-clip is recorded but no --clip folder was given.
    /// </summary>
    public static IPostFeaturizer FromManifest(string name, JsonObject configuration, FeaturizerSelection? selection = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (selection?.Name is { } asked && asked != name)
        {
            throw new ArgumentException($"The model was trained with the {name} featurizer, not {asked}. Leave out --featurizer, or pass a model trained with {asked}.");
        }

        return name switch
        {
            HashedNgramFeaturizer.FeaturizerName => HashedNgramFeaturizer.FromConfiguration(configuration),
            OnnxClipFeaturizer.FeaturizerName => OnnxClipFeaturizer.FromConfiguration(
                configuration,
                RequireClip(selection, "The model reads onnx-clip features; it needs"),
                logger: loggers?.CreateLogger<OnnxClipFeaturizer>()),
            _ => throw UnknownName(name),
        };
    }

    private static string RequireClip(FeaturizerSelection? selection, string who) =>
        selection?.ClipDirectory is { Length: > 0 } clip
            ? clip
            : throw new ArgumentException($"{who} --clip DIR: the folder with the CLIP encoders exported to ONNX (see the README's 'ONNX backend').");

    private static InvalidDataException UnknownName(string name) =>
        new($"There is no featurizer named '{name}'; this build provides {string.Join(" and ", Names)}.");
}
