using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>A stored dataset version: its content's SHA-256 (lowercase hex), size, schema and profile.</summary>
public sealed record DatasetVersion(
    string Name,
    int Version,
    string Sha256,
    long Rows,
    long Bytes,
    DateTimeOffset Created,
    DatasetSchema Schema,
    DataProfile Profile);

/// <summary>A dataset name with its newest version.</summary>
public sealed record DatasetSummary(string Name, int LatestVersion, string LatestSha256, DateTimeOffset Updated);

/// <summary>One version in a dataset's history.</summary>
public sealed record DatasetVersionEntry(int Version, string Sha256, long Rows, long Bytes, DateTimeOffset Created);