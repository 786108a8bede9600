using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>
/// A binary classifier's manifest with a known training profile — x uniform over [0, 10) in ten bins of 100 rows,
/// color red/green/blue 600/300/100, label no/yes 700/300, held-out accuracy 0.9 — and rows drawn from it or from
/// a shifted world.
/// </summary>
internal static class MonitoredModel
{
    public const string Name = "watched";

    public static ModelManifest Manifest() => new(
        1, Name, ModelTask.Binary, new LabelSchema("label", ["no", "yes"]),
        [new FeatureSchema("x", FeatureKind.Numeric), new FeatureSchema("color", FeatureKind.Categorical, ["red", "green", "blue"])],
        new ModelMetrics(new Dictionary<string, double> { ["accuracy"] = 0.9 }, new Dictionary<string, double> { ["accuracy"] = 0.9 }),
        new DataProfile(1000,
        [
            new ColumnProfile("x", FeatureKind.Numeric, 1000, 0, 1000, 0, 10, 5, 2.887,
                [.. Enumerable.Range(0, 11).Select(edge => (double)edge)], [.. Enumerable.Repeat(100L, 10)]),
            new ColumnProfile("color", FeatureKind.Categorical, 1000, 0, 3,
                TopCategories: [new("red", 600), new("green", 300), new("blue", 100)]),
            new ColumnProfile("label", FeatureKind.Categorical, 1000, 0, 2, TopCategories: [new("no", 700), new("yes", 300)]),
        ], "label", [new("no", 700), new("yes", 300)]),
        new TrainerSettings("FastTree", new Dictionary<string, JsonElement>()),
        new ModelLineage(new DatasetReference("watched-data", 1, new string('a', 64)), Guid.NewGuid(), Guid.NewGuid()),
        DateTimeOffset.UtcNow);

    /// <summary>Rows as the training data had them; <paramref name="shifted"/> moves x to [5, 10) and color to blue or unseen purple.</summary>
    public static List<LoggedPrediction> Rows(string tenant, int count, int seed, bool shifted, DateTimeOffset servedAt, int version = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x = shifted ? 5 + random.NextDouble() * 5 : random.NextDouble() * 10;
            var draw = random.NextDouble();
            var color = shifted ? draw < 0.5 ? "blue" : "purple" : draw < 0.6 ? "red" : draw < 0.9 ? "green" : "blue";
            var label = random.NextDouble() < 0.7 ? "no" : "yes";
            return new LoggedPrediction(
                Guid.CreateVersion7(), Name, version, "champion",
                JsonSerializer.SerializeToElement(new { x, color }),
                label, null, new Dictionary<string, double> { ["no"] = 0.6, ["yes"] = 0.4 }, 0.5 + random.NextDouble(), servedAt, tenant);
        })];
    }
}