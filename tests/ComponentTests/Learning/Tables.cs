using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Learning;

namespace MlOps.ComponentTests.Learning;

/// <summary>Tables for the learning tests: Pima from its CSV, and generated ones whose answer is known.</summary>
internal static class Tables
{
    /// <summary>Pima through the same path a training job takes: schema inference at upload, then the table reader.</summary>
    public static async Task<TrainingTable> PimaAsync()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        var profiler = new DatasetProfiler("diabetes");
        var reader = new CsvReader(profiler);
        reader.Append(bytes);
        reader.Complete();
        return await TrainingTableReader.ReadAsync(new MemoryStream(bytes), profiler.Infer(), CancellationToken.None);
    }

    /// <summary>Three well separated clusters in (x, y) plus a categorical column that names the cluster's side.</summary>
    public static TrainingTable Clusters(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows];
        var y = new float[rows];
        var side = new string?[rows];
        var label = new string?[rows];
        string[] names = ["alpha", "beta", "gamma"];
        for (var i = 0; i < rows; i++)
        {
            var cluster = i % 3;
            x[i] = cluster * 4 + (float)random.NextDouble();
            y[i] = cluster % 2 * 4 + (float)random.NextDouble();
            side[i] = i % 7 == 0 ? null : cluster == 0 ? "left" : "right";
            label[i] = names[cluster];
        }

        // A few missing numbers exercise the replacement and the indicator.
        x[5] = float.NaN;
        return new TrainingTable(
            [new TableColumn("x", FeatureKind.Numeric, Numbers: x), new TableColumn("y", FeatureKind.Numeric, Numbers: y),
             new TableColumn("side", FeatureKind.Categorical, Strings: side)],
            new TableColumn("cluster", FeatureKind.Categorical, Strings: label));
    }

    /// <summary>value = 3·a − 2·b + small noise.</summary>
    public static TrainingTable Linear(int rows, int seed)
    {
        var random = new Random(seed);
        var a = new float[rows];
        var b = new float[rows];
        var value = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (float)random.NextDouble() * 10;
            b[i] = (float)random.NextDouble() * 10;
            value[i] = 3 * a[i] - 2 * b[i] + (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        return new TrainingTable(
            [new TableColumn("a", FeatureKind.Numeric, Numbers: a), new TableColumn("b", FeatureKind.Numeric, Numbers: b)],
            new TableColumn("value", FeatureKind.Numeric, Numbers: value));
    }
}