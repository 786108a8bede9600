namespace MlOps.Console.Api.Monitoring;

/// <summary><c>GET /api/monitoring/health</c>: each deployed model's serving and each service's readiness.</summary>
public sealed record PlatformHealth(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ModelHealth> Models, IReadOnlyList<ServiceHealth> Services);

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
    string Reason);

public sealed record ServiceHealth(string Service, string Status, string Reason, double? ResponseMs);