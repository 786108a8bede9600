using System.Net;
using System.Text.Json;

using MlOps.ComponentTests.Gateway;
using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Inference;

[Collection(PlatformCollection.Name)]
public sealed class PredictTests(PlatformServers servers)
{
    private static readonly object Healthy = ServingPackages.PimaRow(glucose: 70, age: 21);
    private static readonly object Diabetic = ServingPackages.PimaRow(glucose: 197, age: 60);

    [Fact]
    public async Task Answers_a_row_and_batches_in_all_four_formats_with_one_prediction_per_row_in_order()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));

        var single = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", Diabetic));
        var rows = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new { rows = new[] { Healthy, Diabetic, Healthy } }));
        var records = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(
            stack.Client, "pima", new { dataframe_records = new[] { Diabetic, Healthy } }));
        var split = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new
        {
            dataframe_split = new
            {
                columns = new[] { "age", "glucose", "pregnant", "pressure", "triceps", "insulin", "mass", "pedigree" },
                data = new[] { new object[] { 21, 70, 6, 72, 35, 0, 33.6, 0.627 }, new object[] { 60, 197, 6, 72, 35, 0, 33.6, 0.627 } },
            },
        }));

        var prediction = Assert.Single(single);
        Assert.Equal("pos", prediction.GetProperty("label").GetString());
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt32());
        Assert.Equal("champion", prediction.GetProperty("route").GetString());
        Assert.Equal(7, prediction.GetProperty("predictionId").GetGuid().Version);
        var probabilities = prediction.GetProperty("probabilities");
        Assert.Equal(1, probabilities.GetProperty("neg").GetDouble() + probabilities.GetProperty("pos").GetDouble(), 4);
        Assert.True(probabilities.GetProperty("pos").GetDouble() > 0.5);

        Assert.Equal(["neg", "pos", "neg"], Labels(rows));
        Assert.Equal(["pos", "neg"], Labels(records));
        Assert.Equal(["neg", "pos"], Labels(split));
        Assert.Equal(Positive(prediction), Positive(rows[1]), 6);
        Assert.Equal(Positive(prediction), Positive(records[0]), 6);
        Assert.Equal(Positive(prediction), Positive(split[1]), 6);
        Assert.Equal(8, rows.Concat(records).Concat(split).Append(prediction).Select(p => p.GetProperty("predictionId").GetGuid()).Distinct().Count());
    }

    [Fact]
    public async Task Answers_a_multiclass_model_with_a_probability_per_class_and_a_regression_with_its_value()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("clusters", await ServingPackages.Clusters());
            await s.DeployAsync("linear", await ServingPackages.Linear());
        });

        var clusters = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "clusters", new
        {
            rows = new object[]
            {
                new { x = 0.5, y = 0.5, side = "left" },
                new { x = 4.5, y = 4.5, side = "right" },
                new { x = 8.5, y = 0.5, side = (string?)null },
            },
        }));
        var linear = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "linear", new
        {
            rows = new[] { new { a = 2.0, b = 1.0 }, new { a = 5.0, b = 5.0 } },
        }));

        Assert.Equal(["alpha", "beta", "gamma"], Labels(clusters));
        Assert.All(clusters, prediction =>
        {
            var probabilities = prediction.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(["alpha", "beta", "gamma"], probabilities.Keys.Order());
            Assert.Equal(1, probabilities.Values.Sum(), 3);
            Assert.Equal(prediction.GetProperty("label").GetString(), probabilities.MaxBy(pair => pair.Value).Key);
        });

        Assert.Equal(4, linear[0].GetProperty("value").GetDouble(), 0.5);
        Assert.Equal(5, linear[1].GetProperty("value").GetDouble(), 0.5);
        Assert.All(linear, prediction =>
        {
            Assert.False(prediction.TryGetProperty("label", out _));
            Assert.False(prediction.TryGetProperty("probabilities", out _));
        });
    }

    [Fact]
    public async Task Every_invalid_value_in_a_batch_is_listed_in_one_400_and_nothing_is_scored_or_logged()
    {
        await using var tap = await BrokerTap.StartAsync(servers.RabbitMq.ConnectionString, typeof(PredictionsLogged));
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
        var rows = new[]
        {
            """{"pregnant":6,"glucose":148,"pressure":72,"triceps":35,"insulin":0,"mass":33.6,"pedigree":0.627,"age":50}""",
            """{"pregnant":6,"pressure":72,"triceps":35,"insulin":0,"mass":33.6,"pedigree":0.627,"age":50}""",
            """{"pregnant":6,"glucose":148,"pressure":"72","triceps":35,"insulin":0,"mass":33.6,"pedigree":0.627,"age":50}""",
            """{"pregnant":6,"glucose":148,"pressure":72,"triceps":35,"insulin":0,"mass":"NaN","pedigree":0.627,"age":50}""",
            """{"pregnant":6,"glucose":148,"pressure":72,"triceps":35,"insulin":1e999,"mass":33.6,"pedigree":"-Infinity","age":50}""",
        };

        var rejected = await InferenceService.PredictJsonAsync(stack.Client, "pima", $$"""{"rows":[{{string.Join(",", rows)}}]}""");

        var problem = await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
        Assert.Equal(["rows[1].glucose", "rows[2].pressure", "rows[3].mass", "rows[4].insulin", "rows[4].pedigree"], errors.Keys.Order());
        Assert.Contains("required", errors["rows[1].glucose"]);
        Assert.Contains("number, not a string", errors["rows[2].pressure"]);
        Assert.Contains("finite", errors["rows[3].mass"]);
        Assert.Contains("finite", errors["rows[4].pedigree"]);

        var accepted = await InferenceService.PredictionsAsync(await InferenceService.PredictJsonAsync(stack.Client, "pima", rows[0]));
        var id = accepted.Single().GetProperty("predictionId").GetGuid();
        IReadOnlyList<JsonElement> logged = [];
        await Eventually.HoldsAsync(async () =>
        {
            logged = LoggedRows(await tap.ReceivedAsync<PredictionsLogged>(), stack.Tenant);
            return logged.Any(row => row.GetProperty("predictionId").GetGuid() == id);
        }, "the accepted row logged");
        Assert.Single(logged);
    }

    [Fact]
    public async Task An_unseen_category_is_rejected_by_default()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("clusters", await ServingPackages.Clusters()));

        var response = await InferenceService.PredictAsync(stack.Client, "clusters", new { rows = new[] { new { x = 0.5, y = 0.5, side = "middle" } } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("rows[0].side")[0].GetString();
        Assert.Contains("'middle'", message);
        Assert.Contains("left, right", message);
    }

    [Fact]
    public async Task An_unseen_category_is_scored_as_unknown_when_configured_so()
    {
        await using var stack = await ServingStack.StartAsync(
            servers,
            async s => await s.DeployAsync("clusters", await ServingPackages.Clusters()),
            new Dictionary<string, string?> { ["Inference:UnseenCategories"] = "MapToUnknown" });

        var predictions = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(
            stack.Client, "clusters", new { rows = new[] { new { x = 4.5, y = 4.5, side = "middle" } } }));

        Assert.Equal("beta", Assert.Single(predictions).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_named_in_a_header_and_batches_past_the_limit_are_refused()
    {
        await using var stack = await ServingStack.StartAsync(
            servers,
            async s => await s.DeployAsync("linear", await ServingPackages.Linear()),
            new Dictionary<string, string?> { ["Inference:MaxBatchRows"] = "3" });

        var withExtras = await InferenceService.PredictAsync(stack.Client, "linear", new { a = 1, b = 1, patientId = "p-17", note = "x" });
        var atLimit = await InferenceService.PredictAsync(stack.Client, "linear", new { rows = Enumerable.Repeat(new { a = 1, b = 2 }, 3) });
        var pastLimit = await InferenceService.PredictAsync(stack.Client, "linear", new { rows = Enumerable.Repeat(new { a = 1, b = 2 }, 4) });

        Assert.Single(await InferenceService.PredictionsAsync(withExtras));
        Assert.Equal("note, patientId", string.Join(", ", withExtras.Headers.GetValues("X-Ignored-Fields")));
        Assert.Equal(3, (await InferenceService.PredictionsAsync(atLimit)).Length);
        var problem = await ProblemAssert.IsProblemAsync(pastLimit, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("3 rows", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_model_that_is_not_served_for_the_tenant_is_404()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("linear", await ServingPackages.Linear()));
        using var otherTenant = stack.Inference.CreateClient("someone-else");

        var unknown = await InferenceService.PredictAsync(stack.Client, "nope", new { a = 1, b = 1 });
        var foreign = await InferenceService.PredictAsync(otherTenant, "linear", new { a = 1, b = 1 });

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_that_is_not_a_request_is_a_400_naming_the_body()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("linear", await ServingPackages.Linear()));

        foreach (var body in new[] { "", "[1,2]", """{"a":1,"b":""", """{"rows":[]}""", """{"rows":[1]}""", """{"a":{"x":1},"b":true}""" })
        {
            var response = await InferenceService.PredictJsonAsync(stack.Client, "linear", body);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), body);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_inference_endpoints_and_the_answer()
    {
        await using var stack = await ServingStack.StartAsync(servers, _ => Task.CompletedTask);

        var document = await stack.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/inference/models/{name}/predict", document);
        Assert.Contains("/api/inference/models", document);
        Assert.Contains("PredictionsResponse", document);
        Assert.Contains("ServedModelSummary", document);
        var root = JsonDocument.Parse(document).RootElement;
        Assert.Equal("/", root.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        Assert.True(root.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    /// <summary>The rows of the tenant in <c>PredictionsLogged</c> messages as the broker carried them, each as JSON.</summary>
    internal static List<JsonElement> LoggedRows(IReadOnlyList<JsonElement> batches, string tenant) =>
        batches.SelectMany(batch => new PredictionsLogged(batch.GetProperty("rows").GetBytesFromBase64()).Read())
            .Where(row => row.Tenant == tenant)
            .Select(row => JsonSerializer.SerializeToElement(row, JsonSerializerOptions.Web))
            .ToList();

    private static IEnumerable<string> Labels(IEnumerable<JsonElement> predictions) =>
        predictions.Select(prediction => prediction.GetProperty("label").GetString()!).ToList();

    private static double Positive(JsonElement prediction) => prediction.GetProperty("probabilities").GetProperty("pos").GetDouble();
}