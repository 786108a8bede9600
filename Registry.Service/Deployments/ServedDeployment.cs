namespace MlOps.Registry.Service.Deployments;

/// <summary>
/// What inference must serve for one model of one tenant: the champion and challenger versions with the SHA-256 of
/// their packages, and how traffic splits between them.
/// </summary>
public sealed record ServedDeployment(
    string Tenant,
    string Model,
    int ChampionVersion,
    int? ChallengerVersion,
    string Mode,
    double ChallengerTraffic,
    string ChampionSha256,
    string? ChallengerSha256);