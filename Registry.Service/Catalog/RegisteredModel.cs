using MlOps.Registry.Service.Deployments;

namespace MlOps.Registry.Service.Catalog;

/// <summary>A registered model with its newest version, its aliases (name to version) and its deployment.</summary>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ModelVersion? LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    Deployment Deployment);