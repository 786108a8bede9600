namespace MlOps.Training.Service.Datasets;

/// <summary>The bytes are not a CSV file the service can read; <see cref="Line"/> is where the problem starts (1-based).</summary>
public sealed class CsvFormatException(long line, string message) : Exception($"Line {line}: {message}")
{
    public long Line { get; } = line;
}