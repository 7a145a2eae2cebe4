using TorchSharp;
using static TorchSharp.torch;

namespace Mmoe.Training;

/// <summary>
/// Trains one linear head with TorchSharp: mini-batch Adam with input dropout and an L2 pull toward an anchor (zero, or
/// the baseline for experts), keeping the weights of the epoch with the lowest validation loss. Weights start at the
/// anchor and features never seen in training keep their anchor weight, so unseen hashed features add nothing.
/// </summary>
internal sealed class HeadTrainer(MmoeTrainingOptions options, Device device)
{
    /// <summary>A binary head (one logit) when <paramref name="classes"/> is 2, otherwise a softmax head with one logit per class.</summary>
    /// <remarks>
    /// <paramref name="trainWeights"/> and <paramref name="validationWeights"/> weigh each class's loss in a binary head
    /// (null: every item weighs 1).
    /// </remarks>
    public LinearHead Train(
        SparseRows trainX, long[] trainY, SparseRows validationX, long[] validationY, int classes, LinearHead? anchor, double penalty,
        ClassWeights? trainWeights, ClassWeights? validationWeights, Action<int, double>? onEpoch, CancellationToken cancellationToken)
    {
        var dimension = trainX.Dimension;
        var outputs = classes == 2 ? 1 : classes;
        using var scope = NewDisposeScope();
        var anchorWeights = anchor is null ? zeros(dimension, outputs, device: device) : tensor(anchor.Weights, [dimension, outputs], device: device);
        var anchorBias = anchor is null ? zeros(outputs, device: device) : tensor(anchor.Bias, [outputs], device: device);
        var weights = new TorchSharp.Modules.Parameter(anchorWeights.clone());
        var bias = new TorchSharp.Modules.Parameter(anchorBias.clone());
        using var optimizer = new AdamOptimizer([weights, bias], options.LearningRate);
        using var penaltyScalar = penalty.ToScalar();
        var yTrain = tensor(trainY, device: device);
        var yValidation = tensor(validationY, device: device);
        var itemWeightsTrain = ItemWeights(trainY, trainWeights, device);
        var itemWeightsValidation = ItemWeights(validationY, validationWeights, device);
        var count = trainY.Length;
        var validationBatch = validationX.ToBatch(device);

        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var bestWeights = weights.detach().clone();
        var bestBias = bias.detach().clone();
        for (var epoch = 1; epoch <= options.MaxEpochs && epoch - bestEpoch <= options.Patience; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long[] order;
            using (var permutation = randperm(count))
            {
                order = permutation.data<long>().ToArray();
            }

            for (var start = 0; start < count; start += options.BatchSize)
            {
                using var step = NewDisposeScope();
                var rows = order.AsSpan(start, Math.Min(options.BatchSize, count - start));
                var x = trainX.ToBatch(rows, device);
                var batch = tensor(rows.ToArray(), device: device);
                var values = options.InputDropout > 0 ? nn.functional.dropout(x.Values, options.InputDropout, training: true) : x.Values;
                var fit = Loss(x.Linear(weights, bias, values), yTrain.index_select(0, batch), classes, itemWeightsTrain?.index_select(0, batch));
                // pow(Two), not square(): square() is pow(2) with an implicit, finalizer-freed Scalar (see AdamOptimizer).
                var loss = fit.add(weights.sub(anchorWeights).pow(SparseRows.Two).sum().mul(penaltyScalar), SparseRows.One);
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
            }

            double validationLoss;
            using (no_grad())
            using (NewDisposeScope())
            {
                validationLoss = Loss(validationBatch.Linear(weights, bias), yValidation, classes, itemWeightsValidation).item<float>();
            }

            if (validationLoss < bestLoss)
            {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestWeights.Dispose();
                bestBias.Dispose();
                bestWeights = weights.detach().clone().DetachFromDisposeScope();
                bestBias = bias.detach().clone().DetachFromDisposeScope();
            }

            onEpoch?.Invoke(epoch, bestLoss);
        }

        using (bestWeights)
        using (bestBias)
        {
            return new LinearHead(dimension, outputs, ToArray(bestWeights), ToArray(bestBias), bestEpoch, bestLoss);
        }
    }

    /// <summary>Logits of a head for every row of <paramref name="x"/>: [rows, outputs].</summary>
    public float[] Predict(LinearHead head, SparseRows x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var w = tensor(head.Weights, [head.Dimension, head.Outputs], device: device);
        var b = tensor(head.Bias, [head.Outputs], device: device);
        return ToArray(x.ToBatch(device).Linear(w, b));
    }

    private static Tensor Loss(Tensor logits, Tensor targets, int classes, Tensor? itemWeights) => classes == 2
        ? nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), targets.to_type(ScalarType.Float32), weight: itemWeights)
        : nn.functional.cross_entropy(logits, targets);

    private static Tensor? ItemWeights(long[] labels, ClassWeights? weights, Device device) => weights is { } w
        ? tensor(labels.Select(label => (float)(label == 1 ? w.Positive : w.Negative)).ToArray(), device: device)
        : null;

    private static float[] ToArray(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();
}
