using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using MassTransit;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class PredictionLogTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private TelemetryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_batch_published_again_or_redelivered_or_overlapping_stores_each_prediction_once()
    {
        await _service.ConsumingAsync();
        var (messageId, republishedId, overlappingId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var consumed = new ConsumedCounter(new HashSet<Guid> { messageId, republishedId, overlappingId });
        using var observer = _service.Bus.ConnectConsumeObserver(consumed);
        var now = DateTimeOffset.UtcNow;
        var first = Enumerable.Range(0, 3).Select(i => TestPrediction.Classified("yes", 0.7 + (i / 10.0), now.AddSeconds(-i))).ToList();
        var overlapping = first.Skip(1).Append(TestPrediction.Classified("no", 0.9, now)).ToList();

        await _service.PublishAsync(Logged(first), messageId);
        await _service.PublishAsync(Logged(first), republishedId);
        await _service.PublishAsync(Logged(first), messageId);
        await _service.PublishAsync(Logged(overlapping), overlappingId);
        await Eventually.HoldsAsync(() => Task.FromResult(consumed.Count == 4), "all four deliveries consumed");

        Assert.Equal(0, consumed.Faults);
        var stored = await _service.StoredAsync(_tenant);
        Assert.Equal(4, stored.Count);
        Assert.Equal(first.Append(overlapping[^1]).Select(row => row.PredictionId).Order(), stored.Select(row => row.Row.PredictionId).Order());
    }

    [Fact]
    public async Task A_consumed_prediction_keeps_its_score_inputs_latency_route_version_and_tenant()
    {
        await _service.ConsumingAsync();
        var servedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var prediction = TestPrediction.Classified("no", 0.83, servedAt, route: "challenger", version: 7, latencyMs: 4.25,
            inputs: new Dictionary<string, object> { ["age"] = 61, ["plan"] = "basic", ["tags"] = new[] { "a", "b" } });

        await _service.PublishAsync([prediction.Logged(_tenant)], Guid.NewGuid());
        await Eventually.HoldsAsync(
            async () => await _service.StoredCountAsync(_tenant) == 1,
            "the prediction stored");

        var stored = Assert.Single(await _service.StoredAsync(_tenant));
        var row = stored.Row;
        Assert.Equal(prediction.PredictionId, row.PredictionId);
        Assert.Equal(("churn", 7, "challenger"), (row.Model, row.Version, row.Route));
        Assert.Equal(61, row.Inputs.GetProperty("age").GetInt32());
        Assert.Equal("basic", row.Inputs.GetProperty("plan").GetString());
        Assert.Equal(2, row.Inputs.GetProperty("tags").GetArrayLength());
        Assert.Equal("no", row.Label);
        Assert.Null(row.Value);
        Assert.Equal(0.83, row.Probabilities!["no"]);
        Assert.Equal(0.83, stored.Confidence);
        Assert.Equal(4.25, row.LatencyMs);
        Assert.Equal(servedAt.UtcTicks / 10, row.ServedAt.UtcTicks / 10);
        Assert.Null(stored.Error);
    }

    [Fact]
    public async Task A_logged_row_whose_inputs_are_not_an_object_is_stored_with_none_beside_the_rest_of_its_batch()
    {
        await _service.ConsumingAsync();
        var now = DateTimeOffset.UtcNow;
        var whole = TestPrediction.Classified("yes", 0.9, now);
        var without = TestPrediction.Classified("no", 0.6, now);

        await _service.PublishAsync(
            [whole.Logged(_tenant), without.Logged(_tenant) with { Inputs = JsonSerializer.SerializeToElement<object?>(null) }], Guid.NewGuid());
        await Eventually.HoldsAsync(
            async () => await _service.StoredCountAsync(_tenant) == 2,
            "both rows stored");

        var rows = await _service.StoredAsync(_tenant);
        Assert.Equal("{}", rows.Single(row => row.Row.PredictionId == without.PredictionId).Row.Inputs.GetRawText());
        Assert.Equal(42, rows.Single(row => row.Row.PredictionId == whole.PredictionId).Row.Inputs.GetProperty("age").GetInt32());
    }

    [Fact]
    public async Task Predictions_of_two_days_are_stored_in_blocks_of_their_hours()
    {
        await _service.ConsumingAsync();
        var today = DateTimeOffset.UtcNow.AddMinutes(-1);
        var yesterday = today.AddDays(-1);
        var twoDaysAgo = today.AddDays(-2);
        var posted = new[]
        {
            TestPrediction.Classified("yes", 0.9, yesterday),
            TestPrediction.Classified("no", 0.6, today),
            TestPrediction.Classified("yes", 0.7, today),
        };

        Assert.Equal(HttpStatusCode.Accepted, (await TelemetryService.PostPredictionsAsync(_client, posted)).StatusCode);
        await _service.PublishAsync([TestPrediction.Classified("no", 0.8, twoDaysAgo).Logged(_tenant)], Guid.NewGuid());
        await Eventually.HoldsAsync(
            async () => await _service.StoredCountAsync(_tenant) == 4,
            "the published prediction stored");

        var perHour = (await _service.RowsAsync(
                "SELECT hour, sum(row_count)::bigint FROM prediction_blocks WHERE tenant = $1 GROUP BY 1", _tenant))
            .ToDictionary(row => new DateTimeOffset((DateTime)row[0]!), row => (long)row[1]!);
        Assert.Equal(
            new Dictionary<DateTimeOffset, long> { [Hour(today)] = 2, [Hour(yesterday)] = 1, [Hour(twoDaysAgo)] = 1 },
            perHour);

        var statistics = await _client.GetFromJsonAsync<JsonElement>(
            $"/api/telemetry/statistics?model=churn&interval=day&from={Iso(twoDaysAgo.AddDays(-1))}&to={Iso(today.AddMinutes(1))}");
        var buckets = statistics.GetProperty("buckets").EnumerateArray()
            .ToDictionary(bucket => bucket.GetProperty("start").GetDateTimeOffset().UtcDateTime.Date,
                bucket => bucket.GetProperty("served").GetProperty("requests").GetInt64());
        Assert.Equal(
            new Dictionary<DateTime, long> { [twoDaysAgo.UtcDateTime.Date] = 1, [yesterday.UtcDateTime.Date] = 1, [today.UtcDateTime.Date] = 2 },
            buckets);
    }

    [Fact]
    public async Task Concurrent_batches_of_one_hour_are_each_stored_as_a_block()
    {
        var day = DateTimeOffset.UtcNow.AddDays(-5);
        var batches = Enumerable.Range(0, 8)
            .Select(_ => Enumerable.Range(0, 20).Select(i => TestPrediction.Classified("yes", 0.9, day.AddSeconds(i))).ToList())
            .ToList();

        var responses = await Task.WhenAll(batches.Select(batch => TelemetryService.PostPredictionsAsync(_client, batch)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal(160, await _service.StoredCountAsync(_tenant));
        Assert.Equal(160, (await _service.StoredAsync(_tenant)).Select(row => row.Row.PredictionId).Distinct().Count());
        Assert.Equal(8, await _service.ScalarAsync("SELECT count(*) FROM prediction_blocks WHERE tenant = $1", _tenant));
    }

    [Fact]
    public async Task Posted_predictions_are_accepted_once_and_a_repeated_post_reports_duplicates()
    {
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, 5).Select(i => TestPrediction.Classified("yes", 0.8, now.AddSeconds(-i))).ToList();

        var first = await TelemetryService.PostPredictionsAsync(_client, rows);
        var again = await TelemetryService.PostPredictionsAsync(_client, rows.Take(3).Append(TestPrediction.Classified("no", 0.7, now)));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, accepted.GetProperty("accepted").GetInt32());
        Assert.Equal(0, accepted.GetProperty("duplicates").GetInt32());
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, repeated.GetProperty("accepted").GetInt32());
        Assert.Equal(3, repeated.GetProperty("duplicates").GetInt32());
        Assert.Equal(6, await _service.StoredCountAsync(_tenant));
    }

    [Fact]
    public async Task Posted_predictions_belong_to_the_callers_tenant()
    {
        var otherTenant = $"other-{Guid.NewGuid():N}";
        using var other = _service.CreateClient(otherTenant);
        var prediction = TestPrediction.Classified("yes", 0.8, DateTimeOffset.UtcNow);

        await TelemetryService.PostPredictionsAsync(_client, [prediction]);
        var byOther = await TelemetryService.PostPredictionsAsync(other, [prediction]);

        Assert.Equal(0, (await byOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await _service.StoredCountAsync(_tenant));
        Assert.Equal(1, await _service.StoredCountAsync(otherTenant));
    }

    [Theory]
    [InlineData("predictionId", "\"not-a-guid\"", "[1].predictionId", "GUID")]
    [InlineData("predictionId", null, "[1].predictionId", "GUID")]
    [InlineData("model", "\"no spaces allowed\"", "[1].model", "model name")]
    [InlineData("version", "0", "[1].version", "positive integer")]
    [InlineData("version", "\"3\"", "[1].version", "positive integer")]
    [InlineData("route", "\"canary\"", "[1].route", "champion, challenger or shadow")]
    [InlineData("inputs", "{}", "[1].inputs", "JSON object")]
    [InlineData("inputs", "[1,2]", "[1].inputs", "JSON object")]
    [InlineData("inputs", "{\"a\":\"\\u0000\"}", "[1].inputs", "\\u0000")]
    [InlineData("inputs", "{\"a\":1e99999}", "[1].inputs", "out of range")]
    [InlineData("label", "5", "[1].label", "predicted class")]
    [InlineData("label", "\"\"", "[1].label", "predicted class")]
    [InlineData("value", "\"12\"", "[1].value", "predicted number")]
    [InlineData("probabilities", "{\"yes\":1.5}", "[1].probabilities", "from 0 to 1")]
    [InlineData("probabilities", "[0.5]", "[1].probabilities", "from 0 to 1")]
    [InlineData("latencyMs", "-1", "[1].latencyMs", "milliseconds")]
    [InlineData("latencyMs", null, "[1].latencyMs", "milliseconds")]
    [InlineData("servedAt", "\"yesterday\"", "[1].servedAt", "ISO 8601")]
    [InlineData("servedAt", "\"2999-01-01T00:00:00Z\"", "[1].servedAt", "must lie between")]
    [InlineData("servedAt", "\"1990-01-01T00:00:00Z\"", "[1].servedAt", "must lie between")]
    [InlineData("error", "\"\"", "[1].error", "why serving failed")]
    [InlineData("label", "null", "[1].label", "a label (classification) or a value (regression)")]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_stored(string field, string? json, string expectedField, string expected)
    {
        var good = JsonSerializer.SerializeToNode(TestPrediction.Classified("yes", 0.9, DateTimeOffset.UtcNow), JsonSerializerOptions.Web)!;
        var bad = JsonSerializer.SerializeToNode(TestPrediction.Classified("yes", 0.9, DateTimeOffset.UtcNow), JsonSerializerOptions.Web)!.AsObject();
        if (json is null)
        {
            bad.Remove(field);
        }
        else
        {
            bad[field] = JsonNode.Parse(json);
        }

        var response = await PostRawAsync(new JsonArray(good, bad).ToJsonString());

        await AssertValidationProblemAsync(response, expectedField, expected);
        Assert.Equal(0, await _service.StoredCountAsync(_tenant));
    }

    [Theory]
    [InlineData("{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"}", "body", "JSON array")]
    [InlineData("[]", "body", "no predictions")]
    [InlineData("[{\"a\":", "body", "Malformed JSON")]
    [InlineData("[42]", "[0]", "JSON object")]
    public async Task A_body_that_is_not_an_array_of_predictions_is_a_400(string body, string field, string expected)
    {
        await AssertValidationProblemAsync(await PostRawAsync(body), field, expected);
    }

    [Fact]
    public async Task A_prediction_id_twice_in_one_request_is_a_400_naming_the_second()
    {
        var prediction = TestPrediction.Classified("yes", 0.9, DateTimeOffset.UtcNow);

        var response = await TelemetryService.PostPredictionsAsync(
            _client, [prediction, TestPrediction.Classified("no", 0.6, DateTimeOffset.UtcNow), prediction with { Label = "no" }]);

        await AssertValidationProblemAsync(response, "[2].predictionId", "also at [0]");
    }

    [Fact]
    public async Task A_failed_request_may_be_logged_with_an_error_and_no_output()
    {
        var failed = TestPrediction.Classified("yes", 0.9, DateTimeOffset.UtcNow) with { Label = null, Probabilities = null, Error = "timeout" };

        var response = await TelemetryService.PostPredictionsAsync(_client, [failed]);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = Assert.Single(await _service.StoredAsync(_tenant));
        Assert.Equal(("timeout", null, null), (stored.Error, stored.Row.Label, stored.Confidence));
    }

    [Fact]
    public async Task More_predictions_than_the_request_limit_is_a_413_and_stores_nothing()
    {
        var rows = Enumerable.Range(0, TelemetryService.MaxPredictionsPerRequest + 1)
            .Select(_ => TestPrediction.Classified("yes", 0.9, DateTimeOffset.UtcNow));

        var response = await TelemetryService.PostPredictionsAsync(_client, rows);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await _service.StoredCountAsync(_tenant));
    }

    private List<LoggedPrediction> Logged(IEnumerable<TestPrediction> predictions) =>
        predictions.Select(prediction => prediction.Logged(_tenant)).ToList();

    private Task<HttpResponseMessage> PostRawAsync(string body) =>
        _client.PostAsync("/api/telemetry/predictions", new StringContent(body, Encoding.UTF8, "application/json"));

    private static DateTimeOffset Hour(DateTimeOffset time) =>
        new(time.UtcDateTime.Date.AddHours(time.UtcDateTime.Hour), TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

    internal static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray().Select(message => message.GetString()!),
            message => message.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>Counts the deliveries of the given messages the service's consumer finished, and those that failed.</summary>
    private sealed class ConsumedCounter(IReadOnlySet<Guid> messageIds) : IConsumeObserver
    {
        private int _count;
        private int _faults;

        public int Count => Volatile.Read(ref _count);

        public int Faults => Volatile.Read(ref _faults);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id && messageIds.Contains(id))
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.MessageId is { } id && messageIds.Contains(id))
            {
                Interlocked.Increment(ref _faults);
            }

            return Task.CompletedTask;
        }
    }
}