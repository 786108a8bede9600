using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.ComponentTests.Learning;
using MlOps.Contracts.ModelPackages;
using MlOps.Inference.Service.Serving;
using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// Boosted-tree models are served by evaluating their trees directly; every answer must be the one ML.NET's own
/// pipeline gives for the same row, read back from the same package.
/// </summary>
public sealed class TreeScoringTests
{
    [Theory]
    [InlineData("FastTree")]
    [InlineData("LightGbm")]
    public async Task Binary_boosted_trees_answer_every_pima_row_as_the_ml_net_pipeline_does(string trainer)
    {
        var table = await Tables.PimaAsync();

        var (served, reference) = await LoadAsync(table, ModelTask.Binary, trainer);

        Assert.True(served.EvaluatesTreesDirectly);
        AssertSameAnswers(served, reference, table);
    }

    [Fact]
    public async Task Binary_trees_over_one_hot_categories_and_missing_numbers_answer_as_the_ml_net_pipeline_does()
    {
        var clusters = Tables.Clusters(400, seed: 3);
        var table = new TrainingTable(clusters.Features, new TableColumn("alpha", FeatureKind.Categorical,
            Strings: [.. clusters.Label.Strings!.Select(cluster => cluster == "alpha" ? "yes" : "no")]));

        var (served, reference) = await LoadAsync(table, ModelTask.Binary, "FastTree");

        Assert.True(served.EvaluatesTreesDirectly);
        AssertSameAnswers(served, reference, table);
    }

    [Theory]
    [InlineData("FastTree")]
    [InlineData("LightGbm")]
    public async Task Regression_trees_answer_every_row_as_the_ml_net_pipeline_does(string trainer)
    {
        var table = Tables.Linear(500, seed: 9);

        var (served, reference) = await LoadAsync(table, ModelTask.Regression, trainer);

        Assert.True(served.EvaluatesTreesDirectly);
        AssertSameAnswers(served, reference, table);
    }

    [Theory]
    [InlineData(ModelTask.Binary, "FastForest")]
    [InlineData(ModelTask.Binary, "LbfgsLogisticRegression")]
    [InlineData(ModelTask.Multiclass, "LightGbm")]
    [InlineData(ModelTask.Regression, "Sdca")]
    public async Task Other_models_are_scored_by_ml_net_and_answer_as_its_pipeline_does(ModelTask task, string trainer)
    {
        var table = task switch
        {
            ModelTask.Regression => Tables.Linear(300, seed: 4),
            ModelTask.Multiclass => Tables.Clusters(300, seed: 4),
            _ => await Tables.PimaAsync(),
        };

        var (served, reference) = await LoadAsync(table, task, trainer);

        Assert.False(served.EvaluatesTreesDirectly);
        AssertSameAnswers(served, reference, table);
    }

    private static async Task<(LoadedModel Served, ITransformer Reference)> LoadAsync(TrainingTable table, ModelTask task, string trainer)
    {
        var package = await ServingPackages.TrainAsync("trees", table, task, trainer);
        var contents = await ModelPackage.ReadAsync(new MemoryStream(package), new ModelPackageLimits(), CancellationToken.None);
        ITransformer Load()
        {
            using var stream = contents.OpenModel();
            return new MLContext().Model.Load(stream, out _);
        }

        return (new LoadedModel(new ModelKey("default", "trees"), 1, "", contents.Manifest, Load()), Load());
    }

    private static void AssertSameAnswers(LoadedModel served, ITransformer reference, TrainingTable table)
    {
        var parsed = RequestReader.Read(SplitBody(table), served.Inputs, new InferenceOptions { MaxBatchRows = table.Rows });
        Assert.Equal(0, parsed.Problems.Count);
        var scored = served.Score(parsed.Table!, ServingNames.ChampionRoute, Stopwatch.GetTimestamp());
        var path = WriteRows(table);
        try
        {
            AssertSameAnswers(scored, reference.Transform(Load(path, served.Inputs)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSameAnswers(ScoredBatch scored, IDataView expected)
    {
        var rows = Enumerable.Range(0, scored.Rows);

        switch (scored.Model.Manifest.Task)
        {
            case ModelTask.Regression:
                var values = expected.GetColumn<float>("Score").ToArray();
                Assert.Equal(values.Length, scored.Rows);
                Assert.All(rows, row => AssertClose(values[row], scored.Values![row]));
                break;
            case ModelTask.Binary:
                var positives = expected.GetColumn<bool>("PredictedLabel").ToArray();
                var probabilities = expected.Schema.GetColumnOrNull("Probability") is null ? null : expected.GetColumn<float>("Probability").ToArray();
                Assert.Equal(probabilities is null, scored.Probabilities is null);
                Assert.Equal(positives.Length, scored.Rows);
                Assert.All(rows, row =>
                {
                    Assert.Equal(positives[row] ? 1 : 0, scored.Labels![row]);
                    if (probabilities is not null)
                    {
                        AssertClose(probabilities[row], scored.Probabilities![row * 2 + 1]);
                    }
                });
                break;
            default:
                var scores = expected.GetColumn<VBuffer<float>>("Score").Select(score => score.DenseValues().ToArray()).ToArray();
                var classes = scored.Model.Manifest.Label.Classes.Count;
                Assert.Equal(scores.Length, scored.Rows);
                Assert.All(rows, row => Assert.Equal(
                    scores[row].Order(), scored.Probabilities!.AsSpan(row * classes, classes).ToArray().Order()));
                break;
        }
    }

    private static void AssertClose(float expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, served {actual}");

    // The rows as MLflow's dataframe_split, missing values as null.
    private static byte[] SplitBody(TrainingTable table)
    {
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("dataframe_split");
            writer.WriteStartArray("columns");
            foreach (var feature in table.Features)
            {
                writer.WriteStringValue(feature.Name);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data");
            for (var row = 0; row < table.Rows; row++)
            {
                writer.WriteStartArray();
                foreach (var feature in table.Features)
                {
                    if (feature.Numbers is { } numbers && !float.IsNaN(numbers[row]))
                    {
                        writer.WriteNumberValue(numbers[row]);
                    }
                    else if (feature.Strings?[row] is { } text)
                    {
                        writer.WriteStringValue(text);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return body.ToArray();
    }

    // The same rows as ML.NET reads them from a file: numbers as Single (empty = missing), the rest as text.
    private static string WriteRows(TrainingTable table)
    {
        var path = Path.Combine(Path.GetTempPath(), $"trees-{Guid.NewGuid():N}.tsv");
        var lines = Enumerable.Range(0, table.Rows).Select(row => string.Join('\t', table.Features.Select(feature =>
            feature.Numbers is { } numbers
                ? float.IsNaN(numbers[row]) ? "" : numbers[row].ToString("R", CultureInfo.InvariantCulture)
                : feature.Strings![row] ?? "")));
        File.WriteAllLines(path, lines, Encoding.UTF8);
        return path;
    }

    private static IDataView Load(string path, InputSchema inputs)
    {
        var columns = inputs.Features.Select((feature, index) => new TextLoader.Column(
            feature.Name, feature.Kind == FeatureKind.Numeric ? DataKind.Single : DataKind.String, index)).ToArray();
        var options = new TextLoader.Options { Columns = columns, Separators = ['\t'], AllowQuoting = false, MissingRealsAsNaNs = true };
        return new MLContext().Data.CreateTextLoader(options).Load(path);
    }
}