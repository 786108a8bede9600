namespace MlOps.Console.Api.Inference;

/// <summary><c>GET /api/inference/models</c>: a model as Inference serves it now.</summary>
public sealed record ServedModel(
    string Name, int? ChampionVersion, int? ChallengerVersion, string? Mode, double ChallengerTraffic, string Status, long DroppedLogRows, string? Error);