using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class RecentPredictionsTests(PlatformServers servers) : IAsyncLifetime
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
    public async Task The_latest_predictions_come_newest_first_with_their_inputs_output_and_ground_truth()
    {
        var rows = Enumerable.Range(0, 12).Select(i => TestPrediction.Classified(
            i % 2 == 0 ? "yes" : "no", 0.6 + (i * 0.01), _start.AddMinutes(i), route: i % 4 == 3 ? "shadow" : "champion",
            inputs: new Dictionary<string, object> { ["age"] = 30 + i, ["plan"] = "pro" }, latencyMs: 1 + i)).ToList();
        rows.Add(TestPrediction.Classified("yes", 0.9, _start.AddMinutes(30), model: "other"));
        (await TelemetryService.PostPredictionsAsync(_client, rows)).EnsureSuccessStatusCode();
        (await TelemetryService.PostFeedbackAsync(_client, new { predictionId = rows[11].PredictionId, actual = "yes" })).EnsureSuccessStatusCode();

        var listed = await ListAsync("model=churn&limit=5");

        var expected = rows.Where(row => row.Model == "churn").OrderByDescending(row => row.ServedAt).Take(5).ToList();
        Assert.Equal(expected.Select(row => row.PredictionId), listed.Select(row => row.GetProperty("predictionId").GetGuid()));
        var newest = listed[0];
        Assert.Equal(41, newest.GetProperty("inputs").GetProperty("age").GetInt32());
        Assert.Equal("no", newest.GetProperty("label").GetString());
        Assert.Equal(rows[11].ConfidenceOf()!.Value, newest.GetProperty("confidence").GetDouble(), 1e-9);
        Assert.Equal(12, newest.GetProperty("latencyMs").GetDouble());
        Assert.Equal("shadow", newest.GetProperty("route").GetString());
        Assert.Equal(1, newest.GetProperty("version").GetInt32());
        Assert.Equal("yes", newest.GetProperty("actual").GetString());
        Assert.Equal(JsonValueKind.Null, listed[1].GetProperty("actual").ValueKind);
    }

    [Fact]
    public async Task Before_pages_back_and_another_tenant_sees_none()
    {
        var rows = Enumerable.Range(0, 6).Select(i => TestPrediction.Classified("yes", 0.8, _start.AddMinutes(i))).ToList();
        (await TelemetryService.PostPredictionsAsync(_client, rows)).EnsureSuccessStatusCode();
        using var other = _service.CreateClient($"other-{Guid.NewGuid():N}");

        var firstPage = await ListAsync("model=churn&limit=4");
        var before = firstPage[^1].GetProperty("servedAt").GetDateTimeOffset();
        var secondPage = await ListAsync($"model=churn&limit=4&before={Iso(before)}");
        var seenByOther = await other.GetFromJsonAsync<List<JsonElement>>("/api/telemetry/predictions?model=churn");

        Assert.Equal(
            rows.OrderByDescending(row => row.ServedAt).Select(row => row.PredictionId),
            firstPage.Concat(secondPage).Select(row => row.GetProperty("predictionId").GetGuid()));
        Assert.Empty(seenByOther!);
    }

    [Theory]
    [InlineData("", "model", "required")]
    [InlineData("model=bad%20name", "model", "model name")]
    [InlineData("model=churn&limit=0", "limit", "from 1 to 500")]
    [InlineData("model=churn&limit=501", "limit", "from 1 to 500")]
    [InlineData("model=churn&limit=ten", "limit", "whole number")]
    [InlineData("model=churn&before=yesterday", "before", "ISO 8601")]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string query, string field, string expected)
    {
        var response = await _client.GetAsync($"/api/telemetry/predictions?{query}");

        await PredictionLogTests.AssertValidationProblemAsync(response, field, expected);
    }

    private async Task<List<JsonElement>> ListAsync(string query) =>
        (await _client.GetFromJsonAsync<List<JsonElement>>($"/api/telemetry/predictions?{query}"))!;

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}