namespace MlOps.Inference.Service.Infrastructure;

/// <summary>One model's deployment as the registry's internal endpoint lists it, with its packages' SHA-256.</summary>
public sealed record RegistryDeployment(
    string Tenant,
    string Model,
    int ChampionVersion,
    int? ChallengerVersion,
    string Mode,
    double ChallengerTraffic,
    string ChampionSha256,
    string? ChallengerSha256);