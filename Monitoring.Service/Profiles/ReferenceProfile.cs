using MlOps.Contracts.ModelPackages;

namespace MlOps.Monitoring.Service.Profiles;

/// <summary>
/// A model version's drift reference, read from its manifest: the binning and training counts of every input feature
/// that can be binned (numeric, categorical, boolean; free text is not compared), and of the prediction against the
/// training label's distribution.
/// </summary>
public sealed class ReferenceProfile
{
    /// <summary>The classes, or categories, a boolean label or feature has once read: what a model answers.</summary>
    private static readonly string[] Booleans = ["false", "true"];

    private ReferenceProfile(ModelManifest manifest, IReadOnlyList<FeatureBinning> features, FeatureBinning? prediction)
    {
        Manifest = manifest;
        Features = features;
        Prediction = prediction;
    }

    public ModelManifest Manifest { get; }

    public IReadOnlyList<FeatureBinning> Features { get; }

    /// <summary>The predicted class (binned by the label's classes) or value (by the label's bins); null when the profile lacks them.</summary>
    public FeatureBinning? Prediction { get; }

    public bool IsRegression => Manifest.Task == ModelTask.Regression;

    public static ReferenceProfile From(ModelManifest manifest)
    {
        var columns = manifest.Profile.Columns.ToDictionary(column => column.Name, StringComparer.Ordinal);
        var features = new List<FeatureBinning>();
        foreach (var feature in manifest.Features)
        {
            if (columns.TryGetValue(feature.Name, out var column) && Binning(column) is { } binning)
            {
                features.Add(binning);
            }
        }

        return new ReferenceProfile(manifest, features, PredictionBinning(manifest, columns));
    }

    private static FeatureBinning? Binning(ColumnProfile column) => column.Kind switch
    {
        FeatureKind.Numeric when column is { BinEdges.Count: > 1, BinCounts: { } counts } && counts.Count == column.BinEdges.Count - 1 =>
            FeatureBinning.Numeric(column.Name, column.BinEdges, counts, column.Missing, column.Std),
        FeatureKind.Boolean when column.TopCategories is { Count: > 0 } top =>
            FeatureBinning.Categorical(column.Name, Booleans,
                [.. BooleanText.Counts(top.Select(category => (category.Value, category.Count))), 0], column.Missing),
        FeatureKind.Categorical when column.TopCategories is { Count: > 0 } top =>
            FeatureBinning.Categorical(column.Name, [.. top.Select(category => category.Value)],
                [.. top.Select(category => category.Count), Math.Max(0, column.Count - top.Sum(category => category.Count))], column.Missing),
        _ => null,
    };

    private static FeatureBinning? PredictionBinning(ModelManifest manifest, Dictionary<string, ColumnProfile> columns)
    {
        if (manifest.Task == ModelTask.Regression)
        {
            return columns.TryGetValue(manifest.Label.Name, out var label) && Binning(label) is { IsNumeric: true } binning ? binning : null;
        }

        if (manifest.Profile.LabelDistribution is not { Count: > 0 } distribution)
        {
            return null;
        }

        var classes = manifest.Label.Classes;
        if (classes.SequenceEqual(Booleans))
        {
            return FeatureBinning.Categorical("prediction", classes,
                [.. BooleanText.Counts(distribution.Select(entry => (entry.Value, entry.Count))), 0], 0);
        }

        var counts = distribution.GroupBy(entry => entry.Value, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Count));
        return FeatureBinning.Categorical("prediction", classes, [.. classes.Select(label => counts.GetValueOrDefault(label)), 0], 0);
    }
}