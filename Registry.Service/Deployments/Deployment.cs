namespace MlOps.Registry.Service.Deployments;

/// <summary>What inference serves for a model, and the champions a rollback goes back to (oldest first).</summary>
public sealed record Deployment(
    string Mode,
    double ChallengerTraffic,
    int? Champion,
    int? Challenger,
    IReadOnlyList<int> PreviousChampions);