namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A new model version in the registry, with the metrics it was trained to.</summary>
public sealed record ModelVersionRegistered(
    string Model,
    int Version,
    string Sha256,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset RegisteredAt,
    string Tenant);