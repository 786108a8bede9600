namespace MlOps.Monitoring.Service.Apis;

/// <summary>
/// The body of <c>POST …/drift-checks</c>, all optional: the window (by default the policy's window up to now) and
/// the version (by default the champion).
/// </summary>
public sealed record DriftCheckRequest(string? From, string? To, int? Version);