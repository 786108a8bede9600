using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>Monitoring's own instruments on the platform meter.</summary>
public static class MonitoringMetrics
{
    private static readonly Counter<long> DriftChecks = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.monitoring.drift_checks", "{check}",
        "Drift checks run, by model, trigger (scheduled or manual) and outcome: drifted (data or accuracy), ok, or insufficient_data.");

    private static readonly Counter<long> AlertsRaised = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.monitoring.alerts_raised", "{alert}", "Alerts opened, by model and the metric of the rule broken (drift_share, accuracy_drop, psi, p95_latency, error_rate).");

    private static readonly Counter<long> RetrainsRequested = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.monitoring.retrains_requested", "{retrain}", "Retrains asked of Training, by model and trigger: drift (a broken retrain rule) or operator.");

    public static void CheckRun(string tenant, DriftReport report)
    {
        var outcome = report.Dataset.Drifted || report.Concept.Drifted ? "drifted" : report.Dataset.InsufficientData ? "insufficient_data" : "ok";
        DriftChecks.Add(1, new("tenant", tenant), new("model", report.Model), new("trigger", report.Trigger), new("outcome", outcome));
    }

    public static void AlertRaised(string tenant, string model, string ruleMetric) =>
        AlertsRaised.Add(1, new("tenant", tenant), new("model", model), new("rule", ruleMetric));

    public static void RetrainRequested(string tenant, string model, string trigger) =>
        RetrainsRequested.Add(1, new("tenant", tenant), new("model", model), new("trigger", trigger));
}