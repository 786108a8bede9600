using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// A dataset held column by column, ready to become an ML.NET data view: numeric columns as floats with NaN for
/// missing values, every other kind as strings with null for missing values.
/// </summary>
public sealed class TrainingTable
{
    public TrainingTable(IReadOnlyList<TableColumn> features, TableColumn label)
    {
        if (features.Count == 0)
        {
            throw new ArgumentException("A table needs at least one feature.", nameof(features));
        }

        Rows = label.Length;
        if (features.Any(feature => feature.Length != Rows))
        {
            throw new ArgumentException("Every column must have as many values as the label.", nameof(features));
        }

        Features = features;
        Label = label;
    }

    public IReadOnlyList<TableColumn> Features { get; }

    public TableColumn Label { get; }

    public int Rows { get; }

    /// <summary>This table's rows followed by <paramref name="more"/>'s, which must have the same columns.</summary>
    public TrainingTable Concat(TrainingTable more) =>
        new([.. Features.Zip(more.Features, (first, second) => first.Concat(second))], Label.Concat(more.Label));

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public TrainingTable TakeRows(IReadOnlyList<int> rows) =>
        new([.. Features.Select(feature => feature.TakeRows(rows))], Label.TakeRows(rows));
}

/// <summary>One column: <see cref="Numbers"/> for numeric columns, <see cref="Strings"/> for the other kinds.</summary>
public sealed record TableColumn(string Name, FeatureKind Kind, float[]? Numbers = null, string?[]? Strings = null)
{
    public int Length => Numbers?.Length ?? Strings?.Length ?? 0;

    public bool HasMissing => Numbers?.Any(float.IsNaN) ?? Strings!.Any(value => value is null);

    public TableColumn Concat(TableColumn more) => Name != more.Name || Kind != more.Kind
        ? throw new ArgumentException($"Column '{more.Name}' ({more.Kind}) cannot follow '{Name}' ({Kind}).", nameof(more))
        : this with { Numbers = Numbers is null ? null : [.. Numbers, .. more.Numbers!], Strings = Strings is null ? null : [.. Strings, .. more.Strings!] };

    public TableColumn TakeRows(IReadOnlyList<int> rows) => this with
    {
        Numbers = Numbers is { } numbers ? [.. rows.Select(row => numbers[row])] : null,
        Strings = Strings is { } strings ? [.. rows.Select(row => strings[row])] : null,
    };

    public IReadOnlyList<string> DistinctStrings() =>
        Strings?.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
}