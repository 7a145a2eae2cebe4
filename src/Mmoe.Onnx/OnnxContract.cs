using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mmoe.Onnx;

/// <summary>
/// Checks a session's inputs and outputs against what the calling code feeds and reads, so a wrong export fails at
/// load with the expected and actual names and shapes rather than deep inside a run.
/// </summary>
internal sealed class OnnxContract(InferenceSession session, string role)
{
    /// <summary>A dimension the graph may leave symbolic (any size) or fix to this value.</summary>
    public const long Any = -1;

    public string Role { get; } = role;

    public bool HasInput(string name) => session.InputMetadata.ContainsKey(name);

    /// <summary>
    /// Requires input <paramref name="name"/> of the element type and rank given; each entry of
    /// <paramref name="expected"/> is either <see cref="Any"/> or the size a static dimension must have.
    /// Returns the graph's dimensions (-1 where symbolic).
    /// </summary>
    public int[] RequireInput(string name, TensorElementType type, params long[] expected) =>
        Require(session.InputMetadata, "input", name, type, expected);

    public int[] RequireOutput(string name, TensorElementType type, params long[] expected) =>
        Require(session.OutputMetadata, "output", name, type, expected);

    /// <summary>Fails when the graph has inputs the caller does not know how to feed.</summary>
    public void RejectOtherInputs(IReadOnlyCollection<string> known)
    {
        var unknown = session.InputMetadata.Keys.Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"The {Role} has inputs this backend does not feed: {string.Join(", ", unknown.Select(n => Describe(n, session.InputMetadata[n])))}. " +
                $"Expected only: {string.Join(", ", known)}. Re-export the model with those inputs.");
        }
    }

    public static string Describe(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return $"'{name}' ({metadata.OnnxValueType})";
        }

        var dims = metadata.Dimensions.Select((d, i) =>
            d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : i < metadata.SymbolicDimensions.Length && metadata.SymbolicDimensions[i].Length > 0 ? metadata.SymbolicDimensions[i] : "?");
        return $"'{name}' [{string.Join(", ", dims)}] {TypeName(metadata.ElementDataType)}";
    }

    private int[] Require(IReadOnlyDictionary<string, NodeMetadata> all, string kind, string name, TensorElementType type, long[] expected)
    {
        var wanted = $"'{name}' [{string.Join(", ", expected.Select((d, i) => d == Any ? (i == 0 ? "N" : "any") : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {TypeName(type)}";
        if (!all.TryGetValue(name, out var metadata))
        {
            throw new InvalidDataException(
                $"The {Role} has no {kind} {wanted}; its {kind}s are {string.Join(", ", all.Select(p => Describe(p.Key, p.Value)))}. " +
                "Re-export the model with that name, or set the name in the options.");
        }

        var matches = metadata.IsTensor
            && metadata.ElementDataType == type
            && metadata.Dimensions.Length == expected.Length
            && expected.Select((d, i) => d == Any || metadata.Dimensions[i] < 0 || metadata.Dimensions[i] == d).All(ok => ok);
        if (!matches)
        {
            throw new InvalidDataException($"The {Role}'s {kind} is {Describe(name, metadata)}; expected {wanted}.");
        }

        return metadata.Dimensions;
    }

    private static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}
