namespace MlOps.Console.Api.Training;

/// <summary><c>GET /api/training/experiments</c>: the tenant's live experiments.</summary>
public sealed record ExperimentList(IReadOnlyList<ExperimentSummary> Experiments);

public sealed record ExperimentSummary(string Name, DateTimeOffset CreatedAt);