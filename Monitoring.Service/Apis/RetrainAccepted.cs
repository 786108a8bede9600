namespace MlOps.Monitoring.Service.Apis;

/// <summary>The retrain asked for: its id names it in the audit and in the training job it causes.</summary>
public sealed record RetrainAccepted(Guid RequestId, string Model);