namespace MlOps.Registry.Service.Deployments;

public sealed record AliasRequest(int? Version, string? Reason);

public sealed record PromoteRequest(int? Version, string? Reason);

public sealed record RollbackRequest(string? Reason);

public sealed record DeploymentRequest(string? Mode, double? ChallengerTraffic, string? Reason);