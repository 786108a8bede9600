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

    private static readonly Counter<long> SpilledLogRows = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.log_rows_spilled", "{row}", "Scored rows written to the spill folder while the prediction log fell behind.");

    private static readonly Counter<long> RefusedRequests = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.requests_refused", "{request}", "Predict requests answered 503 unscored because the prediction log was full, by model.");

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
    /// Reports the prediction log's backlog: rows queued, rows held in memory by the batcher, bytes spilled. The gauges
    /// read one instance's log, so they are created on the meter of that instance's container and go with it.
    /// </summary>
    public static void ObserveLogBacklog(IMeterFactory meters, Func<long> queuedRows, Func<long> pendingRows, Func<long> spilledBytes)
    {
        var meter = meters.Create(MlOpsDiagnostics.MeterName);
        meter.CreateObservableGauge(
            "mlops.inference.log_queue_rows", queuedRows, "{row}", "Scored rows queued for the prediction log, not yet taken into a batch.");
        meter.CreateObservableGauge(
            "mlops.inference.log_pending_rows", pendingRows, "{row}", "Prediction-log rows held in memory in batches not yet published.");
        meter.CreateObservableGauge(
            "mlops.inference.log_spilled_bytes", spilledBytes, "By", "Bytes of prediction-log batches in the spill folder, waiting to be replayed.");
    }

    public static void ModelLoadFailed(ModelKey key) => LoadFailures.Add(1, new("model", key.Name), new("tenant", key.Tenant));

    public static void RequestRefused(ModelKey key) => RefusedRequests.Add(1, new("model", key.Name), new("tenant", key.Tenant));

    public static void LogRowsSpilled(long rows) => SpilledLogRows.Add(rows);

    public static void ShadowSkipped(ModelKey key) => SkippedShadowRequests.Add(1, new("model", key.Name), new("tenant", key.Tenant));
}