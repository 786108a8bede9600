using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.Inference.Service.Serving;

/// <summary>Inference's own instruments on the platform meter.</summary>
public static class InferenceMetrics
{
    private static readonly Counter<long> Predictions = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.predictions", "{row}", "Rows scored, by model and route.");

    // Scoring takes well under a millisecond for most requests: the default buckets, made for milliseconds, would put
    // every request in the first one.
    private static readonly Histogram<double> ScoringDuration = MlOpsDiagnostics.Meter.CreateHistogram(
        "mlops.inference.scoring.duration", "s",
        "Time from a predict request's arrival to its rows scored (the latency logged with each row), by model and route.",
        tags: null,
        new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        });

    private static readonly Counter<long> LoadFailures = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.model_load_failures", "{deployment}", "Deployments that could not be loaded; the previous versions kept serving.");

    private static readonly Counter<long> DroppedLogRows = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.log_rows_dropped", "{row}", "Scored rows that never reached the prediction log.");

    private static readonly Counter<long> SpilledLogRows = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.log_rows_spilled", "{row}", "Scored rows written to the spill folder while the broker was unreachable.");

    private static readonly Counter<long> SkippedShadowRequests = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.shadow_requests_skipped", "{request}", "Requests the challenger did not score in shadow because its queue was full or its schema differs.");

    public static void Scored(ScoredBatch batch)
    {
        var key = batch.Model.Key;
        KeyValuePair<string, object?> model = new("model", key.Name), tenant = new("tenant", key.Tenant), route = new("route", batch.Route);
        Predictions.Add(batch.Rows, model, tenant, route);
        ScoringDuration.Record(batch.LatencyMs / 1000, model, tenant, route);
    }

    /// <summary>
    /// Reports the rows waiting in the prediction log's queue. The gauge reads one instance's queue, so it is created
    /// on the meter of that instance's container and goes with it.
    /// </summary>
    public static void ObserveLogQueue(IMeterFactory meters, Func<long> queuedRows) =>
        meters.Create(MlOpsDiagnostics.MeterName).CreateObservableGauge(
            "mlops.inference.log_queue_rows", queuedRows, "{row}", "Scored rows queued for the prediction log, not yet taken into a batch.");

    public static void ModelLoadFailed(ModelKey key) => LoadFailures.Add(1, new("model", key.Name), new("tenant", key.Tenant));

    public static void LogRowsDropped(ModelKey key, long rows) => DroppedLogRows.Add(rows, new("model", key.Name), new("tenant", key.Tenant));

    public static void LogRowsSpilled(long rows) => SpilledLogRows.Add(rows);

    public static void ShadowSkipped(ModelKey key) => SkippedShadowRequests.Add(1, new("model", key.Name), new("tenant", key.Tenant));
}