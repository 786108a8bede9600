using System.IO.Compression;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.ModelPackages;

public sealed class ModelPackageRoundTripTests
{
    [Fact]
    public async Task A_written_package_reads_back_equal()
    {
        var written = TestPackages.Manifest();
        var model = TestPackages.Model();

        var read = await TestPackages.ReadAsync(await TestPackages.WriteAsync(written, model));

        var manifest = read.Manifest;
        Assert.Equal(JsonSerializer.Serialize(written), JsonSerializer.Serialize(manifest));
        Assert.Equal(ModelTask.Binary, manifest.Task);
        Assert.Equal(["false", "true"], manifest.Label.Classes);
        Assert.Equal(["basic", "pro"], manifest.Features[1].Categories);
        Assert.Null(manifest.Features[0].Categories);
        Assert.Equal(FeatureKind.Text, manifest.Features[3].Kind);
        Assert.Equal(0.91, manifest.Metrics.CrossValidated["auc"]);
        Assert.Equal(0.89, manifest.Metrics.HeldOut["auc"]);
        Assert.Equal([18.0, 30, 45, 90], manifest.Profile.Columns[0].BinEdges!);
        Assert.Equal([300L, 400, 297], manifest.Profile.Columns[0].BinCounts!);
        Assert.Equal(new CategoryFrequency("pro", 300), manifest.Profile.Columns[1].TopCategories![1]);
        Assert.Equal(new CategoryFrequency("true", 200), manifest.Profile.LabelDistribution![1]);
        Assert.Equal(0.1, manifest.Trainer.HyperParameters["learningRate"].GetDouble());
        Assert.Equal("gbdt", manifest.Trainer.HyperParameters["booster"].GetString());
        Assert.Equal(written.Lineage, manifest.Lineage);
        Assert.Equal(written.CreatedAt, manifest.CreatedAt);
        Assert.Equal(model, read.Model.ToArray());
    }

    [Fact]
    public async Task The_model_opens_as_the_zip_that_was_written()
    {
        var read = await TestPackages.ReadAsync(await TestPackages.WriteAsync(TestPackages.Manifest(), TestPackages.Model()));

        await using var model = read.OpenModel();
        Assert.True(model.CanSeek);
        Assert.False(model.CanWrite);
        using var archive = new ZipArchive(model, ZipArchiveMode.Read);
        Assert.Equal(["Model/Weights", "Version.txt"], archive.Entries.Select(entry => entry.FullName));
    }

    [Fact]
    public async Task The_package_holds_a_camel_case_manifest_and_the_model_stored_as_it_is()
    {
        var model = TestPackages.Model();
        var package = await TestPackages.WriteAsync(TestPackages.Manifest(), model);

        using var archive = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        Assert.Equal(["manifest.json", "model.zip"], archive.Entries.Select(entry => entry.FullName));
        Assert.Equal(model.Length, archive.GetEntry("model.zip")!.CompressedLength);
        using var json = await JsonDocument.ParseAsync(archive.GetEntry("manifest.json")!.Open());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("binary", root.GetProperty("task").GetString());
        Assert.Equal("categorical", root.GetProperty("features")[1].GetProperty("kind").GetString());
        Assert.Equal(0.89, root.GetProperty("metrics").GetProperty("heldOut").GetProperty("auc").GetDouble());
        Assert.Equal(3, root.GetProperty("lineage").GetProperty("dataset").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Writing_a_manifest_that_breaks_a_rule_is_refused_naming_the_field()
    {
        var manifest = TestPackages.Manifest() with { Features = [new FeatureSchema("plan", FeatureKind.Categorical)] };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => TestPackages.WriteAsync(manifest, TestPackages.Model()));

        Assert.Contains("features[0].categories: a categorical feature needs a non-empty list of categories", refused.Message);
    }
}