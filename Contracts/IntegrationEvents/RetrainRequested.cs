namespace MlOps.Contracts.IntegrationEvents;

/// <summary>Train a model again, and why.</summary>
public sealed record RetrainRequested(
    string Model,
    string Reason,
    Guid? ReportId,
    Guid? AlertId,
    DateTimeOffset? IncludeProductionSince,
    DateTimeOffset RequestedAt,
    string Tenant);