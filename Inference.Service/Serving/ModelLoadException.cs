namespace MlOps.Inference.Service.Serving;

/// <summary>A model version that cannot be served: its package is missing, unverifiable, invalid or does not load.</summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : Exception(message, innerException);