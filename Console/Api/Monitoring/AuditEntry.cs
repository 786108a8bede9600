namespace MlOps.Console.Api.Monitoring;

/// <summary>One decision of the monitoring loop: alert, report, retrain, job, version, promotion.</summary>
public sealed record AuditEntry(
    long Id, string Model, string Action, Guid? AlertId, Guid? ReportId, Guid? RetrainId, Guid? JobId, int? Version, string Detail, DateTimeOffset At);