using System.Text.Json.Serialization;
using Mmoe.Features;

namespace Mmoe.Training;

/// <summary>
/// Settings of <see cref="MmoeTrainer"/>. The defaults produced the MUStARD model (models/mustard); the embedded
/// default (MMSD2.0) was trained with the options its manifest records (README, "Default model").
/// </summary>
public sealed record MmoeTrainingOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Upper bound on epochs per head; each head stops earlier when its validation loss stops improving.</summary>
    public int MaxEpochs { get; init; } = 60;

    /// <summary>Epochs without a validation improvement before a head stops.</summary>
    public int Patience { get; init; } = 8;

    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Most mini-batches per epoch: a larger split trains in batches of <c>ceil(items / MaxStepsPerEpoch)</c> instead
    /// of <see cref="BatchSize"/>, so MMSD2.0's 19,816 posts take 100 steps an epoch, not 620 (MUStARD is unaffected
    /// at the default). The manifest records the batch size used only where it differs.
    /// </summary>
    [JsonIgnore]
    public int MaxStepsPerEpoch { get; init; } = 100;

    /// <summary>The batch size for a split of <paramref name="items"/> items.</summary>
    public int BatchSizeFor(int items) => Math.Max(BatchSize, (items + MaxStepsPerEpoch - 1) / MaxStepsPerEpoch);

    public double LearningRate { get; init; } = 0.02;

    /// <summary>L2 penalty on the weights of the judges, the baseline and the router.</summary>
    public double WeightDecay { get; init; } = 1e-3;

    /// <summary>
    /// L2 penalty pulling each expert toward the baseline it starts from: the interaction subsets are small (tens of
    /// posts), so an expert only moves where its subset gives it reason to.
    /// </summary>
    public double ExpertAnchor { get; init; } = 1e-2;

    /// <summary>Share of input features dropped at random in each training step.</summary>
    public double InputDropout { get; init; } = 0.2;

    /// <summary>
    /// Weighs the two classes' losses so each counts half (<see cref="ClassWeights.Balancing"/>): the binary heads then
    /// assume no prior from the training data (MUStARD's train split is 59% sarcastic), and the decision threshold of 0.5
    /// means "as likely sarcastic as not" wherever the model is deployed.
    /// </summary>
    /// <remarks>Left out of the manifest when off, so models trained before the option existed are reproduced byte for byte.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool BalanceClasses { get; init; }

    /// <summary>
    /// Fits a temperature on the validation split that minimizes the log loss of the fused probability, so a reported
    /// 0.9 means about 90%. It changes no decision at threshold 0.5.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FitTemperature { get; init; }

    /// <summary>
    /// Chooses the decision threshold of the (calibrated) fused probability that maximizes F1 on the validation split,
    /// and the baseline's own threshold the same way, so the two are compared on equal terms. Off: both decide at 0.5.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TuneThreshold { get; init; }

    /// <summary>Folds for out-of-fold unimodal predictions, used only when the dataset has no unimodal label files.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Written into the manifest and every verdict.</summary>
    public string ModelId { get; init; } = "mmoe-ngram";

    public HashedNgramOptions Featurizer { get; init; } = new();

    /// <summary>A featurizer to train on instead of hashed n-grams built from <see cref="Featurizer"/> (e.g. onnx-clip).</summary>
    /// <remarks>Not part of the recorded options: the manifest's featurizer section already names and configures it.</remarks>
    [JsonIgnore]
    public IPostFeaturizer? PostFeaturizer { get; init; }

    public void Validate()
    {
        if (MaxEpochs < 1 || Patience < 1 || BatchSize < 1 || MaxStepsPerEpoch < 1 || Folds < 2)
        {
            throw new ArgumentException("MaxEpochs, Patience, BatchSize and MaxStepsPerEpoch must be at least 1, and Folds at least 2.");
        }

        if (LearningRate <= 0 || WeightDecay < 0 || ExpertAnchor < 0 || InputDropout is < 0 or >= 1)
        {
            throw new ArgumentException("LearningRate must be positive, WeightDecay and ExpertAnchor non-negative, and InputDropout in [0, 1).");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ModelId);
        Featurizer.Validate();
    }
}
