using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class StatisticsTests(PlatformServers servers) : IAsyncLifetime
{
    private const double Tolerance = 1e-9;
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private readonly DateTimeOffset _firstHour = TruncateToHour(DateTimeOffset.UtcNow).AddHours(-4);
    private TelemetryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Hourly_statistics_match_what_the_rows_sent_add_up_to()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 150).Select(i =>
        {
            var route = (i % 5) switch { 0 => "shadow", 1 or 2 => "champion", _ => "challenger" };
            var servedAt = _firstHour.AddHours(i % 3).AddSeconds((i * 13 % 3500) + 1);
            var prediction = TestPrediction.Classified(
                random.Next(2) == 0 ? "yes" : "no", 0.5 + (random.NextDouble() * 0.5), servedAt, route,
                version: route == "champion" ? 1 : 2, latencyMs: Math.Round(random.NextDouble() * 50, 3));
            return i % 17 == 0 ? prediction with { Label = null, Probabilities = null, Error = "model timed out" } : prediction;
        }).ToList();
        var actuals = rows.Where((_, i) => i % 3 == 0)
            .ToDictionary(row => row.PredictionId, _ => random.Next(2) == 0 ? "yes" : "no");
        await TelemetryService.PostPredictionsAsync(_client, rows);
        await SendFeedbackAsync(actuals.Select(a => new { predictionId = a.Key, actual = a.Value }));

        var report = await StatisticsAsync($"model=churn&from={Iso(_firstHour)}&to={Iso(_firstHour.AddHours(3))}&interval=hour");

        Assert.Equal("hour", report.GetProperty("interval").GetString());
        var buckets = report.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 3).Select(h => _firstHour.AddHours(h)), buckets.Select(b => b.GetProperty("start").GetDateTimeOffset()));
        for (var hour = 0; hour < 3; hour++)
        {
            var inHour = rows.Where(row => row.ServedAt >= _firstHour.AddHours(hour) && row.ServedAt < _firstHour.AddHours(hour + 1)).ToList();
            AssertTraffic(inHour.Where(row => row.Route != "shadow").ToList(), actuals, buckets[hour].GetProperty("served"));
            AssertTraffic(inHour.Where(row => row.Route == "shadow").ToList(), actuals, buckets[hour].GetProperty("shadow"));
        }

        var total = report.GetProperty("total");
        AssertTraffic(rows.Where(row => row.Route != "shadow").ToList(), actuals, total.GetProperty("served"));
        AssertTraffic(rows.Where(row => row.Route == "shadow").ToList(), actuals, total.GetProperty("shadow"));
        Assert.DoesNotContain("shadow", total.GetProperty("served").GetProperty("perRoute").EnumerateObject().Select(p => p.Name));

        var lastDay = await StatisticsAsync("model=churn");
        Assert.Equal(rows.Count(row => row.Route != "shadow"), lastDay.GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task A_regression_models_statistics_give_the_rmse_of_its_labelled_values()
    {
        var rows = new[] { 10.0, 20.0, 30.0, 40.0 }
            .Select((value, i) => TestPrediction.Regressed(value, _firstHour.AddMinutes(i + 1))).ToList();
        await TelemetryService.PostPredictionsAsync(_client, rows);
        await SendFeedbackAsync(new object[]
        {
            new { predictionId = rows[0].PredictionId, actual = 12 },
            new { predictionId = rows[1].PredictionId, actual = "17" },
            new { predictionId = rows[2].PredictionId, actual = 30.5 },
        });

        var served = (await StatisticsAsync($"model=price&from={Iso(_firstHour)}&to={Iso(_firstHour.AddHours(1))}"))
            .GetProperty("total").GetProperty("served");

        Assert.Equal(4, served.GetProperty("requests").GetInt64());
        Assert.Equal(3, served.GetProperty("labelled").GetInt64());
        Assert.Equal(Math.Sqrt(((2 * 2) + (3 * 3) + (0.5 * 0.5)) / 3.0), served.GetProperty("rmse").GetDouble(), Tolerance);
        Assert.Equal(JsonValueKind.Null, served.GetProperty("accuracy").ValueKind);
        Assert.Empty(served.GetProperty("perClass").EnumerateObject());
        Assert.Equal(0, served.GetProperty("confidenceHistogram").EnumerateArray().Sum(bin => bin.GetInt64()));
    }

    [Fact]
    public async Task Statistics_narrow_to_one_version_and_another_tenant_sees_none()
    {
        var rows = new[]
        {
            TestPrediction.Classified("yes", 0.9, _firstHour.AddMinutes(1), version: 1),
            TestPrediction.Classified("no", 0.9, _firstHour.AddMinutes(2), route: "challenger", version: 2),
            TestPrediction.Classified("no", 0.9, _firstHour.AddMinutes(3), route: "challenger", version: 2),
        };
        await TelemetryService.PostPredictionsAsync(_client, rows);
        using var other = _service.CreateClient($"other-{Guid.NewGuid():N}");
        var window = $"from={Iso(_firstHour)}&to={Iso(_firstHour.AddHours(1))}";

        var versionTwo = (await StatisticsAsync($"model=churn&version=2&{window}")).GetProperty("total").GetProperty("served");
        var seenByOther = await other.GetFromJsonAsync<JsonElement>($"/api/telemetry/statistics?model=churn&{window}");

        Assert.Equal(2, versionTwo.GetProperty("requests").GetInt64());
        Assert.Equal(2, versionTwo.GetProperty("perClass").GetProperty("no").GetInt64());
        Assert.Equal(["2"], versionTwo.GetProperty("perVersion").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, seenByOther.GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64());
        Assert.Empty(seenByOther.GetProperty("buckets").EnumerateArray());
    }

    [Theory]
    [InlineData("", "model", "required")]
    [InlineData("model=bad%20name", "model", "model name")]
    [InlineData("model=churn&version=0", "version", "positive integer")]
    [InlineData("model=churn&version=two", "version", "positive integer")]
    [InlineData("model=churn&interval=week", "interval", "hour or day")]
    [InlineData("model=churn&from=yesterday", "from", "ISO 8601")]
    [InlineData("model=churn&to=13:00", "to", "ISO 8601")]
    [InlineData("model=churn&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from", "before 'to'")]
    [InlineData("model=churn&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "interval", "more than 1000 hours")]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string query, string field, string expected)
    {
        var response = await _client.GetAsync($"/api/telemetry/statistics?{query}");

        await PredictionLogTests.AssertValidationProblemAsync(response, field, expected);
    }

    // Computes each number independently from the rows sent and compares it with the service's answer.
    private static void AssertTraffic(IReadOnlyList<TestPrediction> rows, IReadOnlyDictionary<Guid, string> actuals, JsonElement traffic)
    {
        Assert.Equal(rows.Count, traffic.GetProperty("requests").GetInt64());
        AssertCounts(rows.Where(row => row.Label is not null).GroupBy(row => row.Label!), traffic.GetProperty("perClass"));
        AssertCounts(rows.GroupBy(row => row.Version.ToString(CultureInfo.InvariantCulture)), traffic.GetProperty("perVersion"));
        AssertCounts(rows.GroupBy(row => row.Route), traffic.GetProperty("perRoute"));

        var histogram = new long[10];
        foreach (var confidence in rows.Select(row => row.ConfidenceOf()).OfType<double>())
        {
            histogram[Math.Min((int)(10 * confidence), 9)]++;
        }

        Assert.Equal(histogram, traffic.GetProperty("confidenceHistogram").EnumerateArray().Select(bin => bin.GetInt64()));

        var errors = rows.Count(row => row.Error is not null);
        Assert.Equal(errors, traffic.GetProperty("errors").GetInt64());
        Assert.Equal(rows.Count == 0 ? 0 : (double)errors / rows.Count, traffic.GetProperty("errorRate").GetDouble(), Tolerance);

        var labelled = rows.Where(row => actuals.ContainsKey(row.PredictionId)).ToList();
        Assert.Equal(labelled.Count, traffic.GetProperty("labelled").GetInt64());
        var classified = labelled.Where(row => row.Label is not null).ToList();
        if (classified.Count == 0)
        {
            Assert.Equal(JsonValueKind.Null, traffic.GetProperty("accuracy").ValueKind);
        }
        else
        {
            var accuracy = classified.Count(row => row.Label == actuals[row.PredictionId]) / (double)classified.Count;
            Assert.Equal(accuracy, traffic.GetProperty("accuracy").GetDouble(), Tolerance);
        }

        var latency = traffic.GetProperty("latencyMs");
        if (rows.Count == 0)
        {
            Assert.Equal(JsonValueKind.Null, latency.ValueKind);
            return;
        }

        var sorted = rows.Select(row => row.LatencyMs).Order().ToArray();
        Assert.Equal(sorted.Average(), latency.GetProperty("mean").GetDouble(), Tolerance);
        Assert.Equal(Percentile(sorted, 0.5), latency.GetProperty("p50").GetDouble(), Tolerance);
        Assert.Equal(Percentile(sorted, 0.95), latency.GetProperty("p95").GetDouble(), Tolerance);
        Assert.Equal(Percentile(sorted, 0.99), latency.GetProperty("p99").GetDouble(), Tolerance);
    }

    private static void AssertCounts(IEnumerable<IGrouping<string, TestPrediction>> expected, JsonElement counts) =>
        Assert.Equal(
            expected.ToDictionary(group => group.Key, group => (long)group.Count()),
            counts.EnumerateObject().ToDictionary(count => count.Name, count => count.Value.GetInt64()));

    // Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont.
    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = (int)Math.Ceiling(position);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private async Task SendFeedbackAsync(IEnumerable<object> feedback)
    {
        foreach (var chunk in feedback.Chunk(TelemetryService.MaxFeedbackPerRequest))
        {
            var response = await TelemetryService.PostFeedbackAsync(_client, chunk);
            response.EnsureSuccessStatusCode();
        }
    }

    private Task<JsonElement> StatisticsAsync(string query) =>
        _client.GetFromJsonAsync<JsonElement>($"/api/telemetry/statistics?{query}");

    private static DateTimeOffset TruncateToHour(DateTimeOffset time) =>
        new(time.UtcDateTime.Date.AddHours(time.UtcDateTime.Hour), TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}