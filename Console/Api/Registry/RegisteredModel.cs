namespace MlOps.Console.Api.Registry;

/// <summary><c>GET /api/registry/models</c>: a registered model with its newest version, aliases and deployment.</summary>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    DateTimeOffset UpdatedAt,
    ModelVersion? LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    Deployment Deployment);