namespace MlOps.Inference.Service.Apis;

/// <summary>
/// A model as this replica serves it: the versions answering now, the traffic split, whether the registry's latest
/// deployment is served (<c>loaded</c>, <c>loading</c>, <c>failed</c> with <see cref="Error"/>), and how many of its
/// scored rows never reached the prediction log.
/// </summary>
public sealed record ServedModelSummary(
    string Name,
    int? ChampionVersion,
    int? ChallengerVersion,
    string? Mode,
    double ChallengerTraffic,
    string Status,
    long DroppedLogRows,
    string? Error);