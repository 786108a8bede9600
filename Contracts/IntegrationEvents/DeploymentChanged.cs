namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A model's aliases or traffic split changed; Inference loads what it must serve now.</summary>
public sealed record DeploymentChanged(
    string Model,
    int? ChampionVersion,
    int? ChallengerVersion,
    string Mode,
    double ChallengerTraffic,
    string Reason,
    DateTimeOffset ChangedAt,
    string Tenant);