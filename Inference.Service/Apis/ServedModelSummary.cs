namespace MlOps.Inference.Service.Apis;

/// <summary>
/// A model as this replica serves it: the versions answering now, the traffic split, whether the registry's latest
/// deployment is served (<c>loaded</c>, <c>loading</c>, <c>failed</c> with <see cref="Error"/>), and how many of its
/// requests were refused because the prediction log was full. <see cref="DroppedLogRows"/> is always 0: every row
/// served is logged; it stays for clients that read it.
/// </summary>
public sealed record ServedModelSummary(
    string Name,
    int? ChampionVersion,
    int? ChallengerVersion,
    string? Mode,
    double ChallengerTraffic,
    string Status,
    long DroppedLogRows,
    long RefusedRequests,
    string? Error);