namespace MlOps.Console.Api.Registry;

/// <summary><c>GET /api/registry/models/{name}/deployment</c>: what inference serves and how traffic splits.</summary>
public sealed record Deployment(string Mode, double ChallengerTraffic, int? Champion, int? Challenger, IReadOnlyList<int> PreviousChampions);