namespace MlOps.Console.Api.Monitoring;

public sealed record RetrainAccepted(Guid RequestId, string Model);