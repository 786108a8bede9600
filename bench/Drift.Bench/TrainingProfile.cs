using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Profiles;

namespace MlOps.Drift.Bench;

/// <summary>
/// The manifest a training job would register for <see cref="BenchModel"/>: profiled from a generated training sample,
/// numeric features in quantile bins as Training's profiler makes them (the sample's min and max outermost).
/// </summary>
public static class TrainingProfile
{
    public const int Rows = 5000;
    public const int NumericBins = 10;

    public static ModelManifest Manifest(int seed)
    {
        var random = new Random(seed);
        var numeric = BenchModel.Numeric.Select(_ => new double[Rows]).ToArray();
        var categorical = BenchModel.Categorical.Select(_ => new string[Rows]).ToArray();
        var labels = new string[Rows];
        for (var row = 0; row < Rows; row++)
        {
            for (var f = 0; f < numeric.Length; f++)
            {
                numeric[f][row] = BenchModel.NumericValue(f, random, shifted: false);
            }

            for (var f = 0; f < categorical.Length; f++)
            {
                categorical[f][row] = BenchModel.CategoricalValue(f, random, shifted: false);
            }

            labels[row] = BenchModel.Label(random, shifted: false);
        }

        var labelCounts = Frequencies(labels);
        var columns = BenchModel.Numeric.Select((name, f) => NumericColumn(name, numeric[f]))
            .Concat(BenchModel.Categorical.Select((name, f) => CategoricalColumn(name, categorical[f])))
            .Append(CategoricalColumn("label", labels))
            .ToList();
        var features = BenchModel.Numeric.Select(name => new FeatureSchema(name, FeatureKind.Numeric))
            .Concat(BenchModel.Categorical.Select((name, f) => new FeatureSchema(name, FeatureKind.Categorical, BenchModel.Categories[f])))
            .ToList();
        var accuracy = new Dictionary<string, double> { ["accuracy"] = 0.85 };
        return new ModelManifest(
            ModelPackage.FormatVersion, BenchModel.Name, ModelTask.Binary, new LabelSchema("label", BenchModel.Classes), features,
            new ModelMetrics(accuracy, accuracy), new DataProfile(Rows, columns, "label", labelCounts),
            new TrainerSettings("FastTree", new Dictionary<string, JsonElement>()),
            new ModelLineage(new DatasetReference("drift-bench-data", 1, new string('0', 64)), Guid.NewGuid(), Guid.NewGuid()),
            DateTimeOffset.UtcNow);
    }

    private static ColumnProfile NumericColumn(string name, double[] values)
    {
        var sorted = values.Order().ToArray();
        var edges = new List<double> { sorted[0] };
        for (var i = 1; i < NumericBins; i++)
        {
            var edge = sorted[(int)Math.Round((double)i / NumericBins * (sorted.Length - 1))];
            if (edge > edges[^1] && edge < sorted[^1])
            {
                edges.Add(edge);
            }
        }

        edges.Add(sorted[^1]);
        var binning = FeatureBinning.Numeric(name, edges, new long[edges.Count - 1], 0, std: 0);
        var counts = new long[edges.Count - 1];
        foreach (var value in values)
        {
            counts[binning.BinOf(value)]++;
        }

        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / values.Length);
        return new ColumnProfile(name, FeatureKind.Numeric, values.Length, 0, values.Length, sorted[0], sorted[^1], mean, std, edges, counts);
    }

    private static ColumnProfile CategoricalColumn(string name, string[] values)
    {
        var top = Frequencies(values);
        return new ColumnProfile(name, FeatureKind.Categorical, values.Length, 0, top.Count, TopCategories: top);
    }

    private static List<CategoryFrequency> Frequencies(string[] values) =>
        [.. values.CountBy(value => value, StringComparer.Ordinal)
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new CategoryFrequency(pair.Key, pair.Value))];
}