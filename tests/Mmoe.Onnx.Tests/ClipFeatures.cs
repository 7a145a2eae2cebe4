using Mmoe.Onnx.TestModels;

namespace Mmoe.Onnx.Tests;

/// <summary>What the tiny CLIP should produce, computed from its chosen weights without the code under test.</summary>
internal static class ClipFeatures
{
    private static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The normalised image embedding of a uniform image of the given colour.</summary>
    public static float[] Image(byte r, byte g, byte b, int d = 4)
    {
        var means = new[] { r, g, b }.Select((v, c) => ((v / 255f) - ClipMean[c]) / ClipStd[c]).ToArray();
        var embedding = new float[d];
        for (var j = 0; j < d; j++)
        {
            for (var c = 0; c < 3; c++)
            {
                embedding[j] += means[c] * TinyClip.ImageProjection(c, j);
            }
        }

        return Normalise(embedding);
    }

    /// <summary>The normalised text embedding: the sum of the listed tokens' rows.</summary>
    public static float[] Text(IEnumerable<string> tokens, int d = 4)
    {
        var embedding = new float[d];
        foreach (var token in tokens)
        {
            for (var j = 0; j < d; j++)
            {
                embedding[j] += TinyClip.TokenEmbedding(TinyClip.Vocabulary[token], j);
            }
        }

        return Normalise(embedding);
    }

    public static float[] Combine(float[] image, float[] text) =>
        [.. image, .. text, .. image.Zip(text, (i, t) => i * t), .. image.Zip(text, (i, t) => MathF.Abs(i - t))];

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
