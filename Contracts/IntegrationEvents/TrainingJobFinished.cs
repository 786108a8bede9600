namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A training job ended: succeeded with a registered version, rejected by a gate, or failed.</summary>
public sealed record TrainingJobFinished(
    Guid JobId,
    string Model,
    string Status,
    int? RegisteredVersion,
    IReadOnlyList<string> Reasons,
    DateTimeOffset FinishedAt,
    string Tenant);