namespace MlOps.Console.Api.Telemetry;

/// <summary><c>GET /api/telemetry/statistics</c>: a model's traffic per hour or day.</summary>
public sealed record StatisticsReport(
    string Model, int? Version, DateTimeOffset From, DateTimeOffset To, string Interval, StatisticsBucket Total, IReadOnlyList<StatisticsBucket> Buckets);

public sealed record StatisticsBucket(DateTimeOffset Start, DateTimeOffset End, TrafficStatistics Served, TrafficStatistics Shadow);

public sealed record TrafficStatistics(
    long Requests,
    IReadOnlyDictionary<string, long> PerClass,
    IReadOnlyDictionary<string, long> PerVersion,
    IReadOnlyDictionary<string, long> PerRoute,
    IReadOnlyList<long> ConfidenceHistogram,
    LatencyStatistics? LatencyMs,
    long Errors,
    double ErrorRate,
    long Labelled,
    double? Accuracy,
    double? Rmse);

public sealed record LatencyStatistics(double Mean, double P50, double P95, double P99);