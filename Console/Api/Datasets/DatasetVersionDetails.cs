namespace MlOps.Console.Api.Datasets;

/// <summary><c>GET /api/training/datasets/{name}/versions/{v}</c>: one version's label and profile.</summary>
public sealed record DatasetVersionDetails(
    string Name, int Version, string Sha256, long Rows, long Bytes, DateTimeOffset Created, DatasetLabel Label, DataProfile Profile);

public sealed record DatasetLabel(string Name, string Kind, IReadOnlyList<string>? Classes);

public sealed record DataProfile(long Rows, IReadOnlyList<ColumnProfile> Columns);

/// <summary>A numeric column has bins (<see cref="BinEdges"/> has one more entry than <see cref="BinCounts"/>); a categorical one its top categories.</summary>
public sealed record ColumnProfile(
    string Name,
    string Kind,
    long Count,
    long Missing,
    long Distinct,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<double>? BinEdges,
    IReadOnlyList<long>? BinCounts,
    IReadOnlyList<CategoryCount>? TopCategories);

public sealed record CategoryCount(string Value, long Count);