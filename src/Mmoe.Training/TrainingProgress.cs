namespace Mmoe.Training;

/// <summary>Where training is: which head, which epoch, and that head's best validation loss so far.</summary>
public sealed record TrainingProgress(string Stage, int StageIndex, int StageCount, int Epoch, int MaxEpochs, double BestValidationLoss);
