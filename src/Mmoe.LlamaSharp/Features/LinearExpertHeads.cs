using System.Text.Json;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Features;

/// <summary>
/// One linear layer per expert (2 outputs: no, yes) and for the router (3 outputs: R, U, S) over a feature
/// vector. JSON: <c>{"dimension": d, "redundancy": {"weight": [[d floats], [d floats]], "bias": [2 floats]},
/// "uniqueness": ..., "synergy": ..., "baseline": ... (optional), "router": {"weight": 3 rows, "bias": [3 floats]}}</c>.
/// </summary>
public sealed class LinearExpertHeads : IExpertHeads
{
    private readonly LinearLayer _redundancy;
    private readonly LinearLayer _uniqueness;
    private readonly LinearLayer _synergy;
    private readonly LinearLayer _router;
    private readonly LinearLayer? _baseline;

    public LinearExpertHeads(int dimension, LinearLayer redundancy, LinearLayer uniqueness, LinearLayer synergy, LinearLayer router, LinearLayer? baseline = null)
    {
        Dimension = dimension;
        _redundancy = Check(redundancy, 2, "redundancy");
        _uniqueness = Check(uniqueness, 2, "uniqueness");
        _synergy = Check(synergy, 2, "synergy");
        _router = Check(router, 3, "router");
        _baseline = baseline is null ? null : Check(baseline, 2, "baseline");
    }

    public int Dimension { get; }

    public ExpertScores Score(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} features, got {features.Length}.", nameof(features));
        }

        var router = _router.Apply(features);
        return new ExpertScores
        {
            Redundancy = Binary(_redundancy.Apply(features)),
            Uniqueness = Binary(_uniqueness.Apply(features)),
            Synergy = Binary(_synergy.Apply(features)),
            Baseline = _baseline is null ? null : Binary(_baseline.Apply(features)),
            Router = new InteractionScores(router[0], router[1], router[2]),
        };
    }

    public static LinearExpertHeads Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Heads file not found: {path}.", path);
        }

        HeadsDocument document;
        try
        {
            document = JsonSerializer.Deserialize<HeadsDocument>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"Heads file {Path.GetFileName(path)} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Heads file {Path.GetFileName(path)} is not valid JSON: {ex.Message}");
        }

        LinearLayer Layer(LayerDocument? layer, string name) => layer is { Weight: not null, Bias: not null }
            ? new LinearLayer(layer.Weight, layer.Bias)
            : throw new InvalidDataException($"Heads file {Path.GetFileName(path)} has no '{name}' layer with 'weight' and 'bias'.");

        return new LinearExpertHeads(
            document.Dimension,
            Layer(document.Redundancy, "redundancy"),
            Layer(document.Uniqueness, "uniqueness"),
            Layer(document.Synergy, "synergy"),
            Layer(document.Router, "router"),
            document.Baseline is null ? null : Layer(document.Baseline, "baseline"));
    }

    private LinearLayer Check(LinearLayer layer, int outputs, string name)
    {
        ArgumentNullException.ThrowIfNull(layer, name);
        if (layer.Weight.Length != outputs || layer.Bias.Length != outputs || layer.Weight.Any(row => row.Length != Dimension))
        {
            throw new InvalidDataException($"The '{name}' head must have {outputs} rows of {Dimension} weights and {outputs} biases.");
        }

        return layer;
    }

    private static BinaryLogits Binary(double[] logits) => new(logits[0], logits[1]);

    /// <summary>y = W·x + b, with W as rows.</summary>
    public sealed record LinearLayer(float[][] Weight, float[] Bias)
    {
        internal double[] Apply(ReadOnlySpan<float> x)
        {
            var y = new double[Bias.Length];
            for (var o = 0; o < y.Length; o++)
            {
                double sum = Bias[o];
                var row = Weight[o];
                for (var i = 0; i < row.Length; i++)
                {
                    sum += (double)row[i] * x[i];
                }

                y[o] = sum;
            }

            return y;
        }
    }

    private sealed record HeadsDocument(
        [property: JsonPropertyName("dimension")] int Dimension,
        [property: JsonPropertyName("redundancy")] LayerDocument? Redundancy,
        [property: JsonPropertyName("uniqueness")] LayerDocument? Uniqueness,
        [property: JsonPropertyName("synergy")] LayerDocument? Synergy,
        [property: JsonPropertyName("router")] LayerDocument? Router,
        [property: JsonPropertyName("baseline")] LayerDocument? Baseline);

    private sealed record LayerDocument(
        [property: JsonPropertyName("weight")] float[][]? Weight,
        [property: JsonPropertyName("bias")] float[]? Bias);
}
