using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>What a dataset version holds: its columns in file order and its label.</summary>
public sealed record DatasetSchema(IReadOnlyList<DatasetColumn> Columns, DatasetLabel Label);

/// <summary>
/// One column: its inferred kind, missing values, distinct values (exact up to
/// <see cref="ColumnStatistics.MaxTrackedValues"/>) and, for categorical and boolean columns, every category.
/// </summary>
public sealed record DatasetColumn(string Name, FeatureKind Kind, long Missing, long Distinct, IReadOnlyList<string>? Categories);

/// <summary>The label column: categorical or boolean labels have classes (classification), numeric ones none (regression).</summary>
public sealed record DatasetLabel(string Name, FeatureKind Kind, IReadOnlyList<string>? Classes);