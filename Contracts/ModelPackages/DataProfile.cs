namespace MlOps.Contracts.ModelPackages;

/// <summary>
/// What a dataset looked like: per column counts, spread, quantile bins and top categories, plus the label's
/// distribution. Training stores it with each dataset version; the model manifest carries it as the drift reference.
/// </summary>
public sealed record DataProfile(
    long Rows,
    IReadOnlyList<ColumnProfile> Columns,
    string? Label,
    IReadOnlyList<CategoryFrequency>? LabelDistribution);

/// <summary>
/// One column's profile. Numeric columns fill Min/Max/Mean/Std and the quantile bins (<see cref="BinEdges"/> has one
/// more entry than <see cref="BinCounts"/>); categorical, boolean and text columns fill <see cref="TopCategories"/>.
/// </summary>
public sealed record ColumnProfile(
    string Name,
    FeatureKind Kind,
    long Count,
    long Missing,
    long Distinct,
    double? Min = null,
    double? Max = null,
    double? Mean = null,
    double? Std = null,
    IReadOnlyList<double>? BinEdges = null,
    IReadOnlyList<long>? BinCounts = null,
    IReadOnlyList<CategoryFrequency>? TopCategories = null);

public sealed record CategoryFrequency(string Value, long Count);