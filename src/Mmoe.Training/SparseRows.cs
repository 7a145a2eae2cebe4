using Mmoe.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace Mmoe.Training;

/// <summary>
/// Feature rows stored sparsely (CSR: row offsets, feature indices, values), so tens of thousands of posts over 2^17
/// hashed features take megabytes instead of the gigabytes a dense matrix would. Heads read a batch as the flat
/// (index, value, row) triples <see cref="HeadTrainer"/> multiplies with its weights.
/// </summary>
internal sealed class SparseRows
{
    private readonly int[] _offsets;
    private readonly long[] _indices;
    private readonly float[] _values;

    private SparseRows(int dimension, int[] offsets, long[] indices, float[] values)
    {
        Dimension = dimension;
        _offsets = offsets;
        _indices = indices;
        _values = values;
    }

    public int Dimension { get; }

    public int Count => _offsets.Length - 1;

    public static SparseRows From(IReadOnlyList<FeatureVector> vectors, int dimension)
    {
        var offsets = new int[vectors.Count + 1];
        for (var i = 0; i < vectors.Count; i++)
        {
            offsets[i + 1] = checked(offsets[i] + vectors[i].Count);
        }

        var indices = new long[offsets[^1]];
        var values = new float[offsets[^1]];
        for (var i = 0; i < vectors.Count; i++)
        {
            var vector = vectors[i];
            for (var k = 0; k < vector.Count; k++)
            {
                indices[offsets[i] + k] = vector.Indices[k];
                values[offsets[i] + k] = vector.Values[k];
            }
        }

        return new SparseRows(dimension, offsets, indices, values);
    }

    /// <summary>The rows <paramref name="rows"/>, in that order.</summary>
    public SparseRows Select(IReadOnlyList<int> rows)
    {
        var offsets = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            offsets[i + 1] = offsets[i] + RowLength(rows[i]);
        }

        var indices = new long[offsets[^1]];
        var values = new float[offsets[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            var from = _offsets[rows[i]];
            var length = RowLength(rows[i]);
            Array.Copy(_indices, from, indices, offsets[i], length);
            Array.Copy(_values, from, values, offsets[i], length);
        }

        return new SparseRows(Dimension, offsets, indices, values);
    }

    /// <summary>Only the features whose index <paramref name="keep"/> marks (a unimodal judge reads one modality).</summary>
    public SparseRows Where(bool[] keep)
    {
        var offsets = new int[_offsets.Length];
        var indices = new List<long>(_indices.Length);
        var values = new List<float>(_values.Length);
        for (var row = 0; row < Count; row++)
        {
            for (var k = _offsets[row]; k < _offsets[row + 1]; k++)
            {
                if (keep[_indices[k]])
                {
                    indices.Add(_indices[k]);
                    values.Add(_values[k]);
                }
            }

            offsets[row + 1] = indices.Count;
        }

        return new SparseRows(Dimension, offsets, indices.ToArray(), values.ToArray());
    }

    /// <summary>True when some row has a feature (a judge over an empty modality has nothing to learn from).</summary>
    public bool HasFeatures => _indices.Length > 0;

    /// <summary>The rows <paramref name="rows"/> as tensors: feature indices, values and the batch row of each.</summary>
    public Batch ToBatch(ReadOnlySpan<long> rows, Device device)
    {
        var total = 0;
        foreach (var row in rows)
        {
            total += RowLength((int)row);
        }

        var indices = new long[total];
        var values = new float[total];
        var owners = new long[total];
        var at = 0;
        for (var b = 0; b < rows.Length; b++)
        {
            var row = (int)rows[b];
            var from = _offsets[row];
            var length = RowLength(row);
            Array.Copy(_indices, from, indices, at, length);
            Array.Copy(_values, from, values, at, length);
            owners.AsSpan(at, length).Fill(b);
            at += length;
        }

        return new Batch(rows.Length, tensor(indices, device: device), tensor(values, device: device), tensor(owners, device: device));
    }

    /// <summary>All rows in order.</summary>
    public Batch ToBatch(Device device)
    {
        var rows = new long[Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        return ToBatch(rows, device);
    }

    /// <summary>The alpha of tensor additions, created once: an implicit conversion per call would leave the Scalar to the finalizer thread (see <see cref="AdamOptimizer"/>).</summary>
    internal static Scalar One { get; } = 1.ToScalar();

    /// <summary>The exponent of the L2 penalty, created once for the same reason.</summary>
    internal static Scalar Two { get; } = 2.ToScalar();

    private int RowLength(int row) => _offsets[row + 1] - _offsets[row];

    /// <summary>A batch of sparse rows as tensors; <see cref="Linear"/> multiplies it with a weight matrix.</summary>
    public sealed record Batch(int Rows, Tensor Indices, Tensor Values, Tensor Owners)
    {
        /// <summary>x · weights + bias for the batch's rows, [Rows, outputs]; <paramref name="values"/> replaces the stored values (e.g. after dropout).</summary>
        public Tensor Linear(Tensor weights, Tensor bias, Tensor? values = null)
        {
            var outputs = weights.shape[1];
            var contributions = weights.index_select(0, Indices).mul((values ?? Values).unsqueeze(1));
            var owners = Owners.unsqueeze(1).expand(Owners.shape[0], outputs);
            return zeros(Rows, outputs, device: weights.device).scatter_add(0, owners, contributions).add(bias, One);
        }
    }
}
