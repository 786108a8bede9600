namespace MlOps.Training.Service.Datasets;

/// <summary>The upload went past <see cref="DatasetOptions.MaxUploadBytes"/>.</summary>
public sealed class UploadTooLargeException(long maxBytes)
    : Exception($"The body may hold at most {maxBytes} bytes.");