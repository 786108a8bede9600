using System.Globalization;
using System.Net;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class LabelledExportTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-2);
    private TelemetryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Answered_labelled_predictions_are_a_csv_of_every_feature_then_the_label()
    {
        var first = Prediction(1, new() { ["age"] = 42, ["plan"] = "pro" });
        var second = Prediction(2, new() { ["plan"] = "basic, \"legacy\"", ["extra"] = true, ["age"] = 35.5 }, route: "challenger");
        var nested = Prediction(3, new() { ["age"] = 50, ["notes"] = "two\r\nlines", ["history"] = new[] { 1, 2 } });
        var shadow = Prediction(4, new() { ["age"] = 60, ["shadowOnly"] = 1 }, route: "shadow");
        var unlabelled = Prediction(5, new() { ["age"] = 70, ["unlabelledOnly"] = 1 });
        var otherModel = Prediction(6, new() { ["age"] = 80, ["otherOnly"] = 1 }, model: "fraud");
        await TelemetryService.PostPredictionsAsync(_client, [nested, second, first, shadow, unlabelled, otherModel]);
        await TelemetryService.PostFeedbackAsync(_client, new object[]
        {
            new { predictionId = first.PredictionId, actual = "yes" },
            new { predictionId = second.PredictionId, actual = 0 },
            new { predictionId = nested.PredictionId, actual = "no, \"really\"" },
            new { predictionId = shadow.PredictionId, actual = "yes" },
            new { predictionId = otherModel.PredictionId, actual = "yes" },
        });

        var csv = await CsvAsync("/api/telemetry/labelled?model=churn&label=churned");

        Assert.Equal(
            "age,extra,history,notes,plan,churned\r\n"
            + "42,,,,pro,yes\r\n"
            + "35.5,true,,,\"basic, \"\"legacy\"\"\",0\r\n"
            + "50,,\"[1,2]\",\"two\r\nlines\",,\"no, \"\"really\"\"\"\r\n",
            csv);
    }

    [Fact]
    public async Task Since_keeps_the_later_rows_and_the_label_column_is_named_label_by_default()
    {
        var early = Prediction(1, new() { ["age"] = 1 });
        var late = Prediction(30, new() { ["age"] = 2 });
        await TelemetryService.PostPredictionsAsync(_client, [early, late]);
        await TelemetryService.PostFeedbackAsync(_client, new object[]
        {
            new { predictionId = early.PredictionId, actual = "a" },
            new { predictionId = late.PredictionId, actual = "b" },
        });

        var csv = await CsvAsync($"/api/telemetry/labelled?model=churn&since={Iso(_start.AddMinutes(10))}");

        Assert.Equal("age,label\r\n2,b\r\n", csv);
    }

    [Fact]
    public async Task Another_tenant_gets_only_the_header()
    {
        var prediction = Prediction(1, new() { ["age"] = 1 });
        await TelemetryService.PostPredictionsAsync(_client, [prediction]);
        await TelemetryService.PostFeedbackAsync(_client, new { predictionId = prediction.PredictionId, actual = "a" });
        using var other = _service.CreateClient($"other-{Guid.NewGuid():N}");

        using var response = await other.GetAsync("/api/telemetry/labelled?model=churn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("label\r\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("", "model", "required")]
    [InlineData("model=a/b", "model", "model name")]
    [InlineData("model=churn&since=last-week", "since", "ISO 8601")]
    [InlineData("model=churn&label=", "label", "1 to 200 characters")]
    [InlineData("model=churn&label=age", "label", "also an input feature")]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string query, string field, string expected)
    {
        var prediction = Prediction(1, new() { ["age"] = 1 });
        await TelemetryService.PostPredictionsAsync(_client, [prediction]);
        await TelemetryService.PostFeedbackAsync(_client, new { predictionId = prediction.PredictionId, actual = "a" });

        var response = await _client.GetAsync($"/api/telemetry/labelled?{query}");

        await PredictionLogTests.AssertValidationProblemAsync(response, field, expected);
    }

    private TestPrediction Prediction(
        int minute, Dictionary<string, object> inputs, string route = "champion", string model = "churn") =>
        TestPrediction.Classified("yes", 0.9, _start.AddMinutes(minute), route, model: model, inputs: inputs);

    private async Task<string> CsvAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}