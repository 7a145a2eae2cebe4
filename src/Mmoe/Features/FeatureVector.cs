namespace Mmoe.Features;

/// <summary>
/// A feature vector stored sparsely: strictly increasing <see cref="Indices"/> with their <see cref="Values"/>.
/// A dense featurizer lists every index.
/// </summary>
public sealed class FeatureVector
{
    public FeatureVector(int dimension, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"{indices.Length} indices but {values.Length} values; they must pair up.", nameof(values));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)dimension || (i > 0 && indices[i] <= indices[i - 1]))
            {
                throw new ArgumentException($"Indices must be strictly increasing and below the dimension {dimension}; index {i} is {indices[i]}.", nameof(indices));
            }
        }

        Dimension = dimension;
        Indices = indices;
        Values = values;
    }

    public int Dimension { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    public int Count => Indices.Length;

    /// <summary>Writes the vector into a dense row, zeroing what is not set.</summary>
    public void CopyTo(Span<float> dense)
    {
        if (dense.Length != Dimension)
        {
            throw new ArgumentException($"The destination has {dense.Length} entries; the vector has {Dimension}.", nameof(dense));
        }

        dense.Clear();
        for (var i = 0; i < Indices.Length; i++)
        {
            dense[Indices[i]] = Values[i];
        }
    }
}
