using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>Decides each column's kind from its first-pass statistics.</summary>
public static class SchemaInference
{
    /// <summary>A string column is categorical with at most this many distinct values…</summary>
    public const int MaxCategories = 100;

    /// <summary>…covering at most half its values; an integer column is categorical with at most this many.</summary>
    public const int MaxIntegerCategories = 5;

    /// <summary>An integer label with at most this many distinct values is a class label, more is a regression target.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>The most classes a label may have.</summary>
    public const int MaxClasses = 1_000;

    public static FeatureKind FeatureKindOf(ColumnStatistics column)
    {
        if (column.Count == 0)
        {
            return FeatureKind.Text;
        }

        if (column.AllBooleans)
        {
            return FeatureKind.Boolean;
        }

        if (column.AllNumeric)
        {
            return column.AllIntegers && column.Distinct <= MaxIntegerCategories ? FeatureKind.Categorical : FeatureKind.Numeric;
        }

        return !column.DistinctOverflowed && column.Distinct <= MaxCategories && column.Distinct * 2 <= column.Count
            ? FeatureKind.Categorical
            : FeatureKind.Text;
    }

    /// <summary>The label's kind; throws <see cref="DatasetRejectedException"/> when it cannot be a label.</summary>
    public static FeatureKind LabelKindOf(ColumnStatistics label)
    {
        if (label.Count == 0)
        {
            throw new DatasetRejectedException("label", $"The label column '{label.Name}' has no values: every row is missing it.");
        }

        var kind = label.AllBooleans ? FeatureKind.Boolean
            : !label.AllNumeric ? FeatureKind.Categorical
            : label.AllIntegers && label.Distinct <= MaxIntegerClasses ? FeatureKind.Categorical
            : FeatureKind.Numeric;
        if (kind == FeatureKind.Numeric)
        {
            return kind;
        }

        if (label.DistinctOverflowed || label.Distinct > MaxClasses)
        {
            throw new DatasetRejectedException("label",
                $"The label column '{label.Name}' has more than {MaxClasses} distinct values: too many classes for a class label.");
        }

        if (label.Distinct < 2)
        {
            throw new DatasetRejectedException("label",
                $"The label column '{label.Name}' has only one class ('{label.Frequencies.Keys.Single()}'); a classifier needs at least 2.");
        }

        return kind;
    }
}