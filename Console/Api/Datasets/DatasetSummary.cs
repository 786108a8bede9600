namespace MlOps.Console.Api.Datasets;

/// <summary><c>GET /api/training/datasets</c>: a dataset and its latest version.</summary>
public sealed record DatasetSummary(string Name, int LatestVersion, DateTimeOffset Updated);