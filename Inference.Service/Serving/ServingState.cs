namespace MlOps.Inference.Service.Serving;

/// <summary>
/// What one model serves right now: its loaded champion and challenger and how traffic splits. A request reads it
/// once and uses it throughout, so a swap never changes a request halfway.
/// </summary>
public sealed record ServingState(LoadedModel Champion, LoadedModel? Challenger, string Mode, double ChallengerTraffic);