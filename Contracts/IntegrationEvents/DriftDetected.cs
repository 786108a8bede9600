namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A drift report crossed an alert rule's threshold.</summary>
public sealed record DriftDetected(
    string Model,
    int Version,
    Guid ReportId,
    Guid AlertId,
    string Rule,
    double Value,
    double Threshold,
    DateTimeOffset DetectedAt,
    string Tenant);