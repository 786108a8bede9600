namespace MlOps.Registry.Service.Deployments;

/// <summary>A model's aliases and traffic split, as read under the model's row lock.</summary>
public sealed record DeploymentState(
    IReadOnlyDictionary<string, int> Aliases,
    string Mode,
    double ChallengerTraffic,
    IReadOnlyList<int> PreviousChampions)
{
    public int? Champion => Aliases.TryGetValue(AliasName.Champion, out var version) ? version : null;

    public int? Challenger => Aliases.TryGetValue(AliasName.Challenger, out var version) ? version : null;

    public Deployment ToDeployment() => new(Mode, ChallengerTraffic, Champion, Challenger, PreviousChampions);
}