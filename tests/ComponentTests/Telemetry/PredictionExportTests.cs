using System.Globalization;
using System.Net;

using MlOps.ComponentTests.Infrastructure;

using Parquet;
using Parquet.Schema;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class PredictionExportTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private readonly DateTimeOffset _day = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1);
    private TelemetryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_logged_day_downloads_as_a_parquet_file_a_standard_reader_opens_with_every_row_and_value()
    {
        // Two versions with different features, served and published on both sides of the day's edges.
        var inDay = Enumerable.Range(0, 40).Select(i => TestPrediction.Classified(
            i % 3 == 0 ? "yes" : "no", 0.55 + (i / 100.0), _day.AddMinutes(35 * i), version: 1 + (i % 2),
            inputs: i % 2 == 0
                ? new Dictionary<string, object> { ["age"] = 20 + i, ["plan"] = "pro" }
                : new Dictionary<string, object> { ["age"] = 20 + i, ["score"] = i / 4.0 }, latencyMs: i / 8.0)).ToList();
        var outside = new[]
        {
            TestPrediction.Classified("yes", 0.9, _day.AddSeconds(-1)),
            TestPrediction.Classified("no", 0.9, _day.AddDays(1)),
        };
        (await TelemetryService.PostPredictionsAsync(_client, inDay.Take(25).Concat(outside))).EnsureSuccessStatusCode();
        await _service.ConsumingAsync();
        await _service.PublishAsync([.. inDay.Skip(25).Select(row => row.Logged(_tenant))], Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await _service.StoredCountAsync(_tenant) == 42, "the published rows stored");
        (await TelemetryService.PostFeedbackAsync(_client, new { predictionId = inDay[4].PredictionId, actual = "yes" })).EnsureSuccessStatusCode();

        var response = await _client.GetAsync($"/api/telemetry/predictions/export?model=churn&from={Iso(_day)}&to={Iso(_day.AddDays(1))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        var table = await ReadAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(inDay.Count, table["prediction_id"].Length);
        var rows = Enumerable.Range(0, inDay.Count).ToDictionary(i => (Guid)table["prediction_id"].GetValue(i)!);
        Assert.Equal(inDay.Select(row => row.PredictionId).Order(), rows.Keys.Order());
        foreach (var expected in inDay)
        {
            var i = rows[expected.PredictionId];
            Assert.Equal(expected.ServedAt.UtcDateTime, (DateTime)table["served_at"].GetValue(i)!);
            Assert.Equal(expected.Version, (int)table["version"].GetValue(i)!);
            Assert.Equal(expected.Label, (string?)table["label"].GetValue(i));
            Assert.Equal(expected.LatencyMs, (double)table["latency_ms"].GetValue(i)!);
            Assert.Equal(expected.Probabilities!["yes"], (double?)table["probability.yes"].GetValue(i));
            Assert.Equal(Convert.ToDouble(expected.Inputs["age"], CultureInfo.InvariantCulture), (double?)table["input.age"].GetValue(i));
            Assert.Equal(expected.Inputs.GetValueOrDefault("plan"), table["input.plan"].GetValue(i));
            Assert.Equal(expected.Inputs.TryGetValue("score", out var score) ? (double)score : null, (double?)table["input.score"].GetValue(i));
            Assert.Equal(expected == inDay[4] ? "yes" : null, (string?)table["actual"].GetValue(i));
        }
    }

    [Theory]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", "model", "required")]
    [InlineData("model=churn&to=2026-01-02T00:00:00Z", "from", "required")]
    [InlineData("model=churn&from=2026-01-01T00:00:00Z", "to", "required")]
    [InlineData("model=churn&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from", "before 'to'")]
    [InlineData("model=churn&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to", "at most 31 days")]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string query, string field, string expected)
    {
        var response = await _client.GetAsync($"/api/telemetry/predictions/export?{query}");

        await PredictionLogTests.AssertValidationProblemAsync(response, field, expected);
    }

    /// <summary>Every column of the file, read with Parquet.Net's own reader, row groups after one another.</summary>
    private static async Task<Dictionary<string, Array>> ReadAsync(byte[] bytes)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var columns = new Dictionary<string, List<object?>>();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rows = reader.OpenRowGroupReader(group);
            foreach (var field in reader.Schema.DataFields)
            {
                var values = await ReadColumnAsync(rows, field);
                if (!columns.TryGetValue(field.Name, out var column))
                {
                    columns[field.Name] = column = [];
                }

                column.AddRange(values);
            }
        }

        return columns.ToDictionary(pair => pair.Key, pair => (Array)pair.Value.ToArray());
    }

    private static async Task<IEnumerable<object?>> ReadColumnAsync(ParquetRowGroupReader rows, DataField field)
    {
        var count = (int)rows.RowCount;
        if (field.ClrType == typeof(Guid))
        {
            var values = new Guid[count];
            await rows.ReadAsync<Guid>(field, values);
            return values.Cast<object?>();
        }

        if (field.ClrType == typeof(DateTime))
        {
            var values = new DateTime[count];
            await rows.ReadAsync<DateTime>(field, values);
            return values.Cast<object?>();
        }

        if (field.ClrType == typeof(int))
        {
            var values = new int[count];
            await rows.ReadAsync<int>(field, values);
            return values.Cast<object?>();
        }

        if (field.ClrType == typeof(double) && !field.IsNullable)
        {
            var values = new double[count];
            await rows.ReadAsync<double>(field, values);
            return values.Cast<object?>();
        }

        if (field.ClrType == typeof(double))
        {
            var values = new double?[count];
            await rows.ReadAsync<double>(field, values);
            return values.Cast<object?>();
        }

        var texts = new string?[count];
        await rows.ReadAsync(field, texts);
        return texts;
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}