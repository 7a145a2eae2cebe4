namespace Mmoe.LlamaSharp.Validation;

/// <summary>A model or adapter file cannot be used with this backend; the message names the file and, where it applies, the tensor.</summary>
public sealed class ModelValidationException(string message) : Exception(message);
