using System.Text.Json;

using Microsoft.ML;

using MlOps.ComponentTests.Learning;
using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// Real model packages, trained here with the training service's search and written with the package library: Pima
/// (binary) twice with different learners, clusters (multiclass, with a categorical feature), and a linear
/// regression. Each is trained once per test run.
/// </summary>
internal static class ServingPackages
{
    private static readonly Lazy<Task<byte[]>> s_pimaV1 = new(async () =>
        await TrainAsync("pima", await Tables.PimaAsync(), ModelTask.Binary, "LbfgsLogisticRegression"));

    private static readonly Lazy<Task<byte[]>> s_pimaV2 = new(async () =>
        await TrainAsync("pima", await Tables.PimaAsync(), ModelTask.Binary, "FastTree"));

    private static readonly Lazy<Task<byte[]>> s_clusters = new(() =>
        TrainAsync("clusters", Tables.Clusters(300, seed: 5), ModelTask.Multiclass, "LightGbm"));

    private static readonly Lazy<Task<byte[]>> s_linear = new(() =>
        TrainAsync("linear", Tables.Linear(300, seed: 5), ModelTask.Regression, "Sdca"));

    public static Task<byte[]> PimaV1() => s_pimaV1.Value;

    public static Task<byte[]> PimaV2() => s_pimaV2.Value;

    public static Task<byte[]> Clusters() => s_clusters.Value;

    public static Task<byte[]> Linear() => s_linear.Value;

    /// <summary>A Pima row as a request sends it: the CSV's first row, with glucose and age to vary.</summary>
    public static object PimaRow(double glucose = 148, double age = 50) => new
    {
        pregnant = 6,
        glucose,
        pressure = 72,
        triceps = 35,
        insulin = 0,
        mass = 33.6,
        pedigree = 0.627,
        age,
    };

    /// <summary>A package of <paramref name="trainer"/> trained on <paramref name="table"/>, as a training job writes it.</summary>
    public static async Task<byte[]> TrainAsync(string model, TrainingTable table, ModelTask task, string trainer)
    {
        var request = new SearchRequest(task, [TrainerCatalog.Find(task, trainer)!], SearchStrategy.Random, Trials: 1, Folds: 2,
            Metrics.DefaultFor(task), TestFraction: 0.2, BalanceClasses: false, Seed: 1);
        var outcome = await ModelSearch.RunAsync(table, request, _ => Task.CompletedTask, CancellationToken.None);
        using var modelZip = new MemoryStream();
        new MLContext().Model.Save(outcome.Model, outcome.InputSchema, modelZip);
        modelZip.Position = 0;

        var manifest = new ModelManifest(
            ModelPackage.FormatVersion,
            model,
            task,
            new LabelSchema(table.Label.Name, outcome.Classes),
            table.Features.Select(feature => new FeatureSchema(
                feature.Name, feature.Kind, feature.Kind == FeatureKind.Categorical ? feature.DistinctStrings() : null)).ToList(),
            new ModelMetrics(Finite(outcome.Best.MeanMetrics), Finite(outcome.HeldOut.Metrics)),
            new DataProfile(table.Rows, [], table.Label.Name, null),
            new TrainerSettings(trainer, new Dictionary<string, JsonElement>()),
            new ModelLineage(new DatasetReference(model, 1, new string('a', 64)), Guid.NewGuid(), Guid.NewGuid()),
            DateTimeOffset.UtcNow);
        using var package = new MemoryStream();
        await ModelPackage.WriteAsync(package, manifest, modelZip, CancellationToken.None);
        return package.ToArray();
    }

    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(pair => double.IsFinite(pair.Value)).ToDictionary();
}