namespace MlOps.Training.Service.Datasets;

/// <summary>Configuration section <c>Datasets</c>.</summary>
public sealed class DatasetOptions
{
    /// <summary>The largest CSV upload accepted, in bytes; more is a 413.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Where uploads are spooled while they are checked; the system's temporary folder when unset.</summary>
    public string? TempDirectory { get; set; }
}