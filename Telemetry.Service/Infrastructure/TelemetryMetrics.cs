using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>Telemetry's own instruments on the platform meter.</summary>
public static class TelemetryMetrics
{
    private static readonly Counter<long> Ingested = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.telemetry.rows_ingested", "{row}",
        "Rows newly stored, by kind: prediction (from the prediction log or the API), feedback (labels) or event (stream events).");

    public static void PredictionsIngested(long rows) => Ingested.Add(rows, new KeyValuePair<string, object?>("kind", "prediction"));

    public static void FeedbackIngested(long rows) => Ingested.Add(rows, new KeyValuePair<string, object?>("kind", "feedback"));

    public static void EventsIngested(long rows) => Ingested.Add(rows, new KeyValuePair<string, object?>("kind", "event"));
}