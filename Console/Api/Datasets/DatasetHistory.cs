namespace MlOps.Console.Api.Datasets;

/// <summary><c>GET /api/training/datasets/{name}</c>: a dataset's versions.</summary>
public sealed record DatasetHistory(string Name, IReadOnlyList<DatasetVersionEntry> Versions);

public sealed record DatasetVersionEntry(int Version, string Sha256, long Rows, long Bytes, DateTimeOffset Created);