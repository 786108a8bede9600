using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

namespace MlOps.Monitoring.Service.Health;

/// <summary>The platform's state over an interval: each deployed model and each service.</summary>
public sealed record PlatformHealth(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ModelHealth> Models, IReadOnlyList<ServiceHealth> Services);

/// <summary>
/// One model's serving over the interval. Unhealthy without a champion, past 1 s at p95 or with more than 5 % of its
/// logged predictions in error; degraded past 200 ms at p95, past 1 % in error or with open alerts; healthy otherwise.
/// The error rate is null when the prediction log holds nothing for the interval or could not be read.
/// </summary>
public sealed record ModelHealth(
    string Model,
    int? ChampionVersion,
    int? ChallengerVersion,
    string Mode,
    long Predictions,
    double PredictionsPerSecond,
    double? P95LatencyMs,
    double? ErrorRate,
    int OpenAlerts,
    string Status,
    string Reason)
{
    private const double DegradedP95Ms = 200;
    private const double UnhealthyP95Ms = 1000;
    private const double DegradedErrorRate = 0.01;
    private const double UnhealthyErrorRate = 0.05;

    public static ModelHealth Assess(
        DeployedModel deployed, IReadOnlyDictionary<short, long> latency, double? errorRate, int openAlerts, TimeSpan interval)
    {
        var predictions = latency.Values.Sum();
        var p95 = LatencyBins.Quantile(latency, 0.95);
        var (status, reason) = (deployed.ChampionVersion, p95, errorRate, openAlerts) switch
        {
            (null, _, _, _) => ("unhealthy", "No champion is deployed."),
            (_, > UnhealthyP95Ms, _, _) => ("unhealthy", FormattableString.Invariant($"p95 latency {p95:0.#} ms is above {UnhealthyP95Ms} ms.")),
            (_, _, > UnhealthyErrorRate, _) => ("unhealthy", FormattableString.Invariant($"{errorRate:P1} of logged predictions failed, above {UnhealthyErrorRate:P0}.")),
            (_, > DegradedP95Ms, _, _) => ("degraded", FormattableString.Invariant($"p95 latency {p95:0.#} ms is above {DegradedP95Ms} ms.")),
            (_, _, > DegradedErrorRate, _) => ("degraded", FormattableString.Invariant($"{errorRate:P1} of logged predictions failed, above {DegradedErrorRate:P0}.")),
            (_, _, _, > 0) => ("degraded", FormattableString.Invariant($"{openAlerts} alert(s) open.")),
            _ => ("healthy", predictions == 0 ? "No traffic in the interval." : "Serving within limits, no open alerts."),
        };
        return new ModelHealth(deployed.Model, deployed.ChampionVersion, deployed.ChallengerVersion, deployed.Mode, predictions,
            predictions / interval.TotalSeconds, p95, errorRate, openAlerts, status, reason);
    }
}

/// <summary>A service's own readiness (<c>/health</c>), as this service reached it.</summary>
public sealed record ServiceHealth(string Service, string Status, string Reason, double? ResponseMs);