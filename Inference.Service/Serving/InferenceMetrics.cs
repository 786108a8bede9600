using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.Inference.Service.Serving;

/// <summary>Inference's own instruments on the platform meter.</summary>
public static class InferenceMetrics
{
    private static readonly Counter<long> Predictions = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.predictions", "{row}", "Rows scored, by model and route.");

    private static readonly Counter<long> LoadFailures = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.model_load_failures", "{deployment}", "Deployments that could not be loaded; the previous versions kept serving.");

    private static readonly Counter<long> DroppedLogRows = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.log_rows_dropped", "{row}", "Scored rows that never reached the prediction log.");

    private static readonly Counter<long> SpilledLogRows = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.log_rows_spilled", "{row}", "Scored rows written to the spill folder while the broker was unreachable.");

    private static readonly Counter<long> SkippedShadowRequests = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.inference.shadow_requests_skipped", "{request}", "Requests the challenger did not score in shadow because its queue was full or its schema differs.");

    public static void Scored(ModelKey key, string route, int rows) =>
        Predictions.Add(rows, new("model", key.Name), new("tenant", key.Tenant), new("route", route));

    public static void ModelLoadFailed(ModelKey key) => LoadFailures.Add(1, new("model", key.Name), new("tenant", key.Tenant));

    public static void LogRowsDropped(ModelKey key, long rows) => DroppedLogRows.Add(rows, new("model", key.Name), new("tenant", key.Tenant));

    public static void LogRowsSpilled(long rows) => SpilledLogRows.Add(rows);

    public static void ShadowSkipped(ModelKey key) => SkippedShadowRequests.Add(1, new("model", key.Name), new("tenant", key.Tenant));
}