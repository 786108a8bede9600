using System.Text.Json.Nodes;

using Xunit;

namespace MlOps.ComponentTests.ModelPackages;

public sealed class ManifestRejectionTests
{
    private const string Rules = "'manifest.json' breaks the manifest rules: ";
    private const string NotAManifest = "'manifest.json' is not a valid manifest document: ";

    /// <summary>Each breaks one rule of the valid manifest.</summary>
    private static readonly Dictionary<string, Action<JsonObject>> Breakages = new()
    {
        ["format version 2"] = m => m["formatVersion"] = 2,
        ["model name with a space"] = m => m["model"] = "churn model",
        ["empty model name"] = m => m["model"] = "",
        ["model name of 101 characters"] = m => m["model"] = new string('m', 101),
        ["model name missing"] = m => m.Remove("model"),
        ["unknown task"] = m => m["task"] = "ranking",
        ["no features"] = m => m["features"] = new JsonArray(),
        ["features missing"] = m => m.Remove("features"),
        ["duplicate feature name"] = m => m["features"]![1]!["name"] = "Age",
        ["unknown kind"] = m => m["features"]![2]!["kind"] = "image",
        ["kind as a number"] = m => m["features"]![2]!["kind"] = 7,
        ["categorical without categories"] = m => m["features"]![1]!.AsObject().Remove("categories"),
        ["categorical with no categories"] = m => m["features"]![1]!["categories"] = new JsonArray(),
        ["numeric with categories"] = m => m["features"]![0]!["categories"] = new JsonArray("young"),
        ["binary with three classes"] = m => m["label"]!["classes"] = new JsonArray("a", "b", "c"),
        ["multiclass with one class"] = m => { m["task"] = "multiclass"; m["label"]!["classes"] = new JsonArray("a"); },
        ["duplicate classes"] = m => m["label"]!["classes"] = new JsonArray("yes", "yes"),
        ["regression with classes"] = m => m["task"] = "regression",
        ["label among the features"] = m => m["label"]!["name"] = "AGE",
        ["lineage missing"] = m => m.Remove("lineage"),
        ["lineage without a job"] = m => m["lineage"]!.AsObject().Remove("jobId"),
        ["dataset hash not hex"] = m => m["lineage"]!["dataset"]!["sha256"] = "abc",
        ["metrics missing"] = m => m.Remove("metrics"),
        ["profile missing"] = m => m.Remove("profile"),
        ["hyper-parameter as an object"] = m => m["trainer"]!["hyperParameters"]!["booster"] = new JsonObject(),
        ["created at missing"] = m => m.Remove("createdAt"),
    };

    [Fact]
    public async Task Text_that_is_not_json_is_refused()
    {
        Assert.StartsWith(NotAManifest, await TestPackages.RejectionAsync(TestPackages.WithManifest("{\"formatVersion\": 1,")));
    }

    [Fact]
    public async Task The_json_null_is_refused()
    {
        Assert.Equal("'manifest.json' is the JSON null, not a manifest.", await TestPackages.RejectionAsync(TestPackages.WithManifest("null")));
    }

    [Fact]
    public async Task The_valid_manifest_the_breakages_start_from_is_accepted()
    {
        var read = await TestPackages.ReadAsync(TestPackages.WithManifest(TestPackages.ManifestJson().ToJsonString()));

        Assert.Equal("churn", read.Manifest.Model);
    }

    [Theory]
    [InlineData("format version 2", Rules + "formatVersion: 2 is not supported; this reader understands 1.")]
    [InlineData("model name with a space", Rules + "model: 'churn model' is not a model name")]
    [InlineData("empty model name", Rules + "model: '' is not a model name")]
    [InlineData("model name of 101 characters", Rules + "model: 'mmmm")]
    [InlineData("model name missing", Rules + "model: '' is not a model name")]
    [InlineData("unknown task", NotAManifest + "The JSON value could not be converted to MlOps.Contracts.ModelPackages.ModelManifest. Path: $.task")]
    [InlineData("no features", Rules + "features: at least one feature is required.")]
    [InlineData("features missing", Rules + "features: at least one feature is required.")]
    [InlineData("duplicate feature name", Rules + "features[1].name: 'Age' is not unique")]
    [InlineData("unknown kind", NotAManifest + "The JSON value could not be converted to MlOps.Contracts.ModelPackages.FeatureSchema. Path: $.features[2].kind")]
    [InlineData("kind as a number", Rules + "features[2].kind: 7 is not a known kind (numeric, categorical, boolean, text).")]
    [InlineData("categorical without categories", Rules + "features[1].categories: a categorical feature needs a non-empty list of categories.")]
    [InlineData("categorical with no categories", Rules + "features[1].categories: a categorical feature needs a non-empty list of categories.")]
    [InlineData("numeric with categories", Rules + "features[0].categories: only a categorical feature has categories; this one is numeric.")]
    [InlineData("binary with three classes", Rules + "label.classes: a binary model needs exactly 2 classes, not 3.")]
    [InlineData("multiclass with one class", Rules + "label.classes: a multiclass model needs at least 2 classes, not 1.")]
    [InlineData("duplicate classes", Rules + "label.classes: classes must be unique.")]
    [InlineData("regression with classes", Rules + "label.classes: a regression model has no classes, but 2 are listed.")]
    [InlineData("label among the features", Rules + "label.name: 'AGE' is also a feature; the label cannot be an input.")]
    [InlineData("lineage missing", Rules + "lineage: is required.")]
    [InlineData("lineage without a job", Rules + "lineage.jobId: is required.")]
    [InlineData("dataset hash not hex", Rules + "lineage.dataset.sha256: 'abc' is not a SHA-256 (64 lowercase hex digits).")]
    [InlineData("metrics missing", Rules + "metrics: is required.")]
    [InlineData("profile missing", Rules + "profile: is required.")]
    [InlineData("hyper-parameter as an object", Rules + "trainer.hyperParameters.booster: must be a string, number or boolean, not Object.")]
    [InlineData("created at missing", Rules + "createdAt: is required.")]
    public async Task A_manifest_breaking_a_rule_is_refused_naming_the_rule(string breakage, string expected)
    {
        var manifest = TestPackages.ManifestJson();
        Breakages[breakage](manifest);

        var message = await TestPackages.RejectionAsync(TestPackages.WithManifest(manifest.ToJsonString()));

        Assert.StartsWith(expected, message);
    }

    [Fact]
    public async Task Every_broken_rule_is_reported_at_once()
    {
        var manifest = TestPackages.ManifestJson();
        Breakages["model name with a space"](manifest);
        Breakages["duplicate classes"](manifest);
        Breakages["lineage missing"](manifest);

        var message = await TestPackages.RejectionAsync(TestPackages.WithManifest(manifest.ToJsonString()));

        Assert.Contains("model: 'churn model'", message);
        Assert.Contains("label.classes: classes must be unique.", message);
        Assert.Contains("lineage: is required.", message);
    }
}