namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// The columns of a prediction block (a Parquet file): one per field of a logged prediction, one per class
/// probability and one per input feature. Feature and class names are prefixed, so no name a model uses can collide
/// with a fixed column. A block of one model version names its tenant, model and version in its file metadata, under
/// the same names, rather than in columns.
/// </summary>
public static class PredictionColumns
{
    public const string Tenant = "tenant";
    public const string Model = "model";
    public const string Version = "version";
    public const string PredictionId = "prediction_id";
    public const string ServedAt = "served_at";
    public const string Route = "route";
    public const string LatencyMs = "latency_ms";
    public const string Label = "label";
    public const string Value = "value";

    /// <summary>The highest class probability; null when the model gave none.</summary>
    public const string Confidence = "confidence";

    /// <summary>Why serving failed, for a request logged as a failure.</summary>
    public const string Error = "error";

    public const string ProbabilityPrefix = "probability.";
    public const string InputPrefix = "input.";

    /// <summary>File metadata naming the input columns that hold JSON text rather than plain strings.</summary>
    public const string JsonInputsKey = "mlops.json_inputs";
}