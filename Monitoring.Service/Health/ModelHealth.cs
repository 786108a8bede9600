using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

namespace MlOps.Monitoring.Service.Health;

/// <summary>The platform's state over an interval: each deployed model and each service.</summary>
public sealed record PlatformHealth(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ModelHealth> Models, IReadOnlyList<ServiceHealth> Services);

/// <summary>
/// One model's serving over the interval. Unhealthy without a champion or past 1 s at p95; degraded past 200 ms at
/// p95 or with open alerts; healthy otherwise.
/// </summary>
public sealed record ModelHealth(
    string Model,
    int? ChampionVersion,
    int? ChallengerVersion,
    string Mode,
    long Predictions,
    double PredictionsPerSecond,
    double? P95LatencyMs,
    int OpenAlerts,
    string Status,
    string Reason)
{
    private const double DegradedP95Ms = 200;
    private const double UnhealthyP95Ms = 1000;

    public static ModelHealth Assess(DeployedModel deployed, IReadOnlyDictionary<short, long> latency, int openAlerts, TimeSpan interval)
    {
        var predictions = latency.Values.Sum();
        var p95 = LatencyBins.Quantile(latency, 0.95);
        var (status, reason) = (deployed.ChampionVersion, p95, openAlerts) switch
        {
            (null, _, _) => ("unhealthy", "No champion is deployed."),
            (_, > UnhealthyP95Ms, _) => ("unhealthy", $"p95 latency {p95:0.#} ms is above {UnhealthyP95Ms} ms."),
            (_, > DegradedP95Ms, _) => ("degraded", $"p95 latency {p95:0.#} ms is above {DegradedP95Ms} ms."),
            (_, _, > 0) => ("degraded", $"{openAlerts} alert(s) open."),
            _ => ("healthy", predictions == 0 ? "No traffic in the interval." : "Serving within limits, no open alerts."),
        };
        return new ModelHealth(deployed.Model, deployed.ChampionVersion, deployed.ChallengerVersion, deployed.Mode, predictions,
            predictions / interval.TotalSeconds, p95, openAlerts, status, reason);
    }
}

/// <summary>A service's own readiness (<c>/health</c>), as this service reached it.</summary>
public sealed record ServiceHealth(string Service, string Status, string Reason, double? ResponseMs);