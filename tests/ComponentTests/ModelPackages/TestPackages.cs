using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using MlOps.Contracts.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.ModelPackages;

/// <summary>Valid manifests and models, and raw zips built entry by entry for packages the writer would never make.</summary>
internal static class TestPackages
{
    public static ModelManifest Manifest() => new(
        FormatVersion: 1,
        Model: "churn",
        Task: ModelTask.Binary,
        Label: new LabelSchema("churned", ["false", "true"]),
        Features:
        [
            new FeatureSchema("age", FeatureKind.Numeric),
            new FeatureSchema("plan", FeatureKind.Categorical, ["basic", "pro"]),
            new FeatureSchema("active", FeatureKind.Boolean),
            new FeatureSchema("note", FeatureKind.Text),
        ],
        Metrics: new ModelMetrics(
            new Dictionary<string, double> { ["auc"] = 0.91, ["f1"] = 0.8 },
            new Dictionary<string, double> { ["auc"] = 0.89 }),
        Profile: new DataProfile(
            Rows: 1000,
            Columns:
            [
                new ColumnProfile("age", FeatureKind.Numeric, 1000, 3, 70, Min: 18, Max: 90, Mean: 41.5, Std: 12.25,
                    BinEdges: [18, 30, 45, 90], BinCounts: [300, 400, 297]),
                new ColumnProfile("plan", FeatureKind.Categorical, 1000, 0, 2,
                    TopCategories: [new CategoryFrequency("basic", 700), new CategoryFrequency("pro", 300)]),
            ],
            Label: "churned",
            LabelDistribution: [new CategoryFrequency("false", 800), new CategoryFrequency("true", 200)]),
        Trainer: new TrainerSettings("LightGbmBinary", new Dictionary<string, JsonElement>
        {
            ["learningRate"] = JsonSerializer.SerializeToElement(0.1),
            ["numberOfLeaves"] = JsonSerializer.SerializeToElement(31),
            ["booster"] = JsonSerializer.SerializeToElement("gbdt"),
        }),
        Lineage: new ModelLineage(
            new DatasetReference("customers", 3, new string('a', 64)),
            Guid.Parse("0b8f2d57-8a0e-4b0c-9d38-1f6f7c1a2b3c"),
            Guid.Parse("5c1d9e7a-2f44-4f1e-a0b6-6d2e8c9f0a1b")),
        CreatedAt: new DateTimeOffset(2025, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567));

    /// <summary>The valid manifest as JSON, for tests to break one rule at a time.</summary>
    public static JsonObject ManifestJson() =>
        JsonSerializer.SerializeToNode(Manifest(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();

    /// <summary>A small zip standing in for an ML.NET model.</summary>
    public static byte[] Model() => Zip(("Model/Weights", new byte[300], CompressionLevel.Optimal), ("Version.txt", "1.0"u8.ToArray(), CompressionLevel.Optimal));

    public static async Task<byte[]> WriteAsync(ModelManifest manifest, byte[] model)
    {
        using var package = new MemoryStream();
        await ModelPackage.WriteAsync(package, manifest, new MemoryStream(model), CancellationToken.None);
        return package.ToArray();
    }

    public static byte[] WithManifest(string manifestJson) =>
        Zip(("manifest.json", Encoding.UTF8.GetBytes(manifestJson), CompressionLevel.Optimal), ("model.zip", Model(), CompressionLevel.NoCompression));

    public static byte[] WithModel(byte[] model) =>
        Zip(("manifest.json", Encoding.UTF8.GetBytes(ManifestJson().ToJsonString()), CompressionLevel.Optimal), ("model.zip", model, CompressionLevel.NoCompression));

    public static byte[] Zip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var entry = archive.CreateEntry(name, level).Open();
                entry.Write(content);
            }
        }

        return zip.ToArray();
    }

    public static Task<ModelPackageContents> ReadAsync(byte[] package, ModelPackageLimits? limits = null) =>
        ModelPackage.ReadAsync(new MemoryStream(package), limits ?? ModelPackageLimits.Default, CancellationToken.None);

    public static async Task<string> RejectionAsync(byte[] package, ModelPackageLimits? limits = null)
    {
        var rejected = await Assert.ThrowsAsync<InvalidModelPackageException>(() => ReadAsync(package, limits));
        return rejected.Message;
    }
}