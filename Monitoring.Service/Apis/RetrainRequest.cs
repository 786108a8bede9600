namespace MlOps.Monitoring.Service.Apis;

/// <summary>The body of <c>POST …/retrains</c>, optional: why the operator asks (by default "operator request").</summary>
public sealed record RetrainRequest(string? Reason);