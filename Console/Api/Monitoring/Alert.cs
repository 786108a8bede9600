namespace MlOps.Console.Api.Monitoring;

/// <summary><c>GET /api/monitoring/alerts</c>: a broken rule, open until a later check finds it kept.</summary>
public sealed record Alert(
    Guid Id, string Model, AlertRule Rule, string State, double Value, Guid ReportId, Guid LastReportId, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt);

public sealed record AlertRule(string Metric, string? Feature, string Op, double Threshold, string Action, string Key);