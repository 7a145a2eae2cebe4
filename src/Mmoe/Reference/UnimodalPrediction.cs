namespace Mmoe.Reference;

/// <summary>One record of a unimodal prediction file: the model's yes/no probabilities and its predicted label.</summary>
public sealed record UnimodalPrediction(string Id, bool Prediction, double? YesProbability, double? NoProbability);
