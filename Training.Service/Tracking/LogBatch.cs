namespace MlOps.Training.Service.Tracking;

/// <summary>MLflow's log-batch: params, metric points and tags stored together or not at all.</summary>
public sealed record LogBatch(
    IReadOnlyList<KeyValue>? Params = null,
    IReadOnlyList<MetricInput>? Metrics = null,
    IReadOnlyList<KeyValue>? Tags = null);

public sealed record KeyValue(string? Key, string? Value);

/// <summary>A metric point to log; the step defaults to 0 and the timestamp to the time it is stored.</summary>
public sealed record MetricInput(string? Key, double? Value, long? Step = null, DateTimeOffset? Timestamp = null);