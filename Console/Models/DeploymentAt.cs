using MlOps.Console.Api.Registry;

namespace MlOps.Console.Models;

/// <summary>A model's champion, challenger and traffic split at one moment, and the change that made the champion so.</summary>
public sealed record DeploymentAt(DateTimeOffset At, int? Champion, int? Challenger, string Mode, double ChallengerTraffic, HistoryEntry? ChampionChange);