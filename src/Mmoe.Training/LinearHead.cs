namespace Mmoe.Training;

/// <summary>A trained linear head: weights [dimension, outputs] row-major, biases, and how training went.</summary>
internal sealed record LinearHead(int Dimension, int Outputs, float[] Weights, float[] Bias, int BestEpoch, double ValidationLoss);
