namespace MlOps.Console.Api.Training;

/// <summary><c>GET /api/training/runs/{id}/metrics/{key}/history</c>: every logged value, in step order.</summary>
public sealed record MetricHistory(string Key, IReadOnlyList<MetricPoint> Points);

public sealed record MetricPoint(double Value, long Step, DateTimeOffset Timestamp);