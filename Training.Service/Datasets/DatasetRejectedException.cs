namespace MlOps.Training.Service.Datasets;

/// <summary>An upload that cannot become a dataset version; <see cref="Field"/> is the request field at fault.</summary>
public sealed class DatasetRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}