using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class FeedbackTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private TelemetryService _service = null!;
    private HttpClient _client = null!;
    private BrokerTap _tap = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _tap = await BrokerTap.StartAsync(_service.MessagingConnectionString, typeof(FeedbackRecorded));
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _tap.DisposeAsync();
    }

    [Fact]
    public async Task Feedback_before_its_prediction_is_pending_then_joined_when_the_prediction_is_consumed_and_published()
    {
        await _service.ConsumingAsync();
        var prediction = TestPrediction.Classified("yes", 0.8, DateTimeOffset.UtcNow.AddMinutes(-2), version: 3);

        var answer = await FeedbackAsync(new { predictionId = prediction.PredictionId, actual = "no" });
        Assert.Equal("pending", answer.GetProperty("status").GetString());
        Assert.False(answer.GetProperty("replaced").GetBoolean());
        Assert.Empty(await RecordedAsync(prediction.PredictionId));

        await _service.PublishAsync([prediction.Logged(_tenant)], Guid.NewGuid());

        var recorded = await SingleRecordedAsync(prediction.PredictionId);
        Assert.Equal("churn", recorded.GetProperty("model").GetString());
        Assert.Equal(3, recorded.GetProperty("version").GetInt32());
        Assert.Equal("no", recorded.GetProperty("actual").GetString());
        Assert.Equal("yes", recorded.GetProperty("predicted").GetString());
        Assert.Equal(_tenant, recorded.GetProperty("tenant").GetString());
        Assert.Equal(prediction.ServedAt.UtcTicks / 10, recorded.GetProperty("servedAt").GetDateTimeOffset().UtcTicks / 10);
        Assert.Equal("no", await ActualAsync(prediction.PredictionId));
    }

    [Fact]
    public async Task Feedback_after_its_prediction_is_joined_at_once_and_published()
    {
        var prediction = TestPrediction.Classified("yes", 0.8, DateTimeOffset.UtcNow.AddMinutes(-2));
        await TelemetryService.PostPredictionsAsync(_client, [prediction]);

        var answer = await FeedbackAsync(new { predictionId = prediction.PredictionId, actual = "yes" });

        Assert.Equal("joined", answer.GetProperty("status").GetString());
        Assert.Equal(prediction.PredictionId, answer.GetProperty("predictionId").GetGuid());
        Assert.Equal("yes", await ActualAsync(prediction.PredictionId));
        var recorded = await SingleRecordedAsync(prediction.PredictionId);
        Assert.Equal("yes", recorded.GetProperty("actual").GetString());
        Assert.Equal("yes", recorded.GetProperty("predicted").GetString());
    }

    [Fact]
    public async Task A_second_label_replaces_the_first_and_says_so()
    {
        var logged = TestPrediction.Classified("yes", 0.8, DateTimeOffset.UtcNow.AddMinutes(-2));
        var notYetLogged = TestPrediction.Classified("no", 0.7, DateTimeOffset.UtcNow.AddMinutes(-1));
        await TelemetryService.PostPredictionsAsync(_client, [logged]);

        var first = await FeedbackAsync(new { predictionId = logged.PredictionId, actual = "no" });
        var second = await FeedbackAsync(new { predictionId = logged.PredictionId, actual = "yes" });
        var pendingFirst = await FeedbackAsync(new { predictionId = notYetLogged.PredictionId, actual = "yes" });
        var pendingSecond = await FeedbackAsync(new { predictionId = notYetLogged.PredictionId, actual = "no" });
        var loggedLate = await TelemetryService.PostPredictionsAsync(_client, [notYetLogged]);

        Assert.False(first.GetProperty("replaced").GetBoolean());
        Assert.True(second.GetProperty("replaced").GetBoolean());
        Assert.Equal("joined", second.GetProperty("status").GetString());
        Assert.False(pendingFirst.GetProperty("replaced").GetBoolean());
        Assert.True(pendingSecond.GetProperty("replaced").GetBoolean());
        Assert.Equal("pending", pendingSecond.GetProperty("status").GetString());
        Assert.Equal(1, (await loggedLate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("labelsJoined").GetInt32());
        Assert.Equal("yes", await ActualAsync(logged.PredictionId));
        Assert.Equal("no", await ActualAsync(notYetLogged.PredictionId));

        // Each joined label is announced: both labels of the logged prediction, the latest of the other.
        await Eventually.HoldsAsync(async () => (await RecordedAsync(logged.PredictionId)).Count == 2
            && (await RecordedAsync(notYetLogged.PredictionId)).Count == 1, "three FeedbackRecorded events");
        Assert.Equal(["no", "yes"], (await RecordedAsync(logged.PredictionId)).Select(e => e.GetProperty("actual").GetString()).Order());
        Assert.Equal("no", (await RecordedAsync(notYetLogged.PredictionId)).Single().GetProperty("actual").GetString());
    }

    [Fact]
    public async Task Labels_racing_their_predictions_are_each_joined_and_announced_exactly_once()
    {
        var predictions = Enumerable.Range(0, 20)
            .Select(i => TestPrediction.Classified(i % 2 == 0 ? "yes" : "no", 0.9, DateTimeOffset.UtcNow.AddSeconds(-i)))
            .ToList();

        var posts = predictions.Chunk(5).Select(batch => TelemetryService.PostPredictionsAsync(_client, batch))
            .Concat(predictions.Select(p => TelemetryService.PostFeedbackAsync(_client, new { predictionId = p.PredictionId, actual = "yes" })));
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));
        Assert.Equal(20, (await _service.StoredAsync(_tenant)).Count(row => row.Actual == "yes"));
        var announced = await _service.RowsAsync("""
            SELECT payload->>'predictionId', count(*) FROM outbox_messages
            WHERE message_type LIKE 'MlOps.Contracts.IntegrationEvents.FeedbackRecorded,%' AND payload->>'tenant' = $1
            GROUP BY 1
            """, _tenant);
        Assert.Equal(predictions.Select(p => p.PredictionId).Order(), announced.Select(row => Guid.Parse((string)row[0]!)).Order());
        Assert.All(announced, row => Assert.Equal(1L, row[1]));
    }

    [Fact]
    public async Task An_array_of_feedback_is_answered_item_by_item_in_order()
    {
        var logged = TestPrediction.Regressed(10, DateTimeOffset.UtcNow.AddMinutes(-1));
        await TelemetryService.PostPredictionsAsync(_client, [logged]);
        var unknown = Guid.NewGuid();

        var response = await TelemetryService.PostFeedbackAsync(_client, new object[]
        {
            new { predictionId = unknown, actual = "cat" },
            new { predictionId = logged.PredictionId, actual = 12.0 },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal([unknown, logged.PredictionId], answers.Select(a => a.GetProperty("predictionId").GetGuid()));
        Assert.Equal(["pending", "joined"], answers.Select(a => a.GetProperty("status").GetString()));
        var row = Assert.Single(await _service.RowsAsync(
            "SELECT actual, actual_value FROM prediction_labels WHERE prediction_id = $1 AND block_id IS NOT NULL", logged.PredictionId));
        Assert.Equal("12", row[0]);
        Assert.Equal(12.0, row[1]);
        var recorded = await SingleRecordedAsync(logged.PredictionId);
        Assert.Equal("10", recorded.GetProperty("predicted").GetString());
    }

    [Fact]
    public async Task Feedback_is_per_tenant()
    {
        var prediction = TestPrediction.Classified("yes", 0.8, DateTimeOffset.UtcNow);
        await TelemetryService.PostPredictionsAsync(_client, [prediction]);
        using var other = _service.CreateClient($"other-{Guid.NewGuid():N}");

        var response = await TelemetryService.PostFeedbackAsync(other, new { predictionId = prediction.PredictionId, actual = "no" });

        Assert.Equal("pending", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Null(await ActualAsync(prediction.PredictionId));
    }

    [Theory]
    [InlineData("{\"actual\":\"yes\"}", "predictionId", "GUID")]
    [InlineData("{\"predictionId\":\"nope\",\"actual\":\"yes\"}", "predictionId", "GUID")]
    [InlineData("{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"}", "actual", "true label")]
    [InlineData("{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":\"  \"}", "actual", "true label")]
    [InlineData("{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":true}", "actual", "true label")]
    [InlineData("{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":{\"a\":1}}", "actual", "true label")]
    [InlineData("[{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":\"a\"},{\"predictionId\":\"4f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":null}]", "[1].actual", "true label")]
    [InlineData("[{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":\"a\"},{\"predictionId\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\",\"actual\":\"b\"}]", "[1].predictionId", "also at [0]")]
    [InlineData("[]", "body", "no feedback")]
    [InlineData("\"yes\"", "body", "predictionId")]
    [InlineData("{\"predictionId\":", "body", "Malformed JSON")]
    public async Task Bad_feedback_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field, string expected)
    {
        var response = await _client.PostAsync("/api/telemetry/feedback", new StringContent(body, Encoding.UTF8, "application/json"));

        await PredictionLogTests.AssertValidationProblemAsync(response, field, expected);
        Assert.Equal(0, await _service.ScalarAsync("SELECT count(*) FROM prediction_labels WHERE tenant = $1", _tenant));
    }

    [Fact]
    public async Task More_labels_than_the_request_limit_is_a_413()
    {
        var items = Enumerable.Range(0, TelemetryService.MaxFeedbackPerRequest + 1)
            .Select(_ => new { predictionId = Guid.NewGuid(), actual = "yes" });

        var response = await TelemetryService.PostFeedbackAsync(_client, items);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _service.ScalarAsync("SELECT count(*) FROM prediction_labels WHERE tenant = $1", _tenant));
    }

    private async Task<JsonElement> FeedbackAsync(object feedback)
    {
        var response = await TelemetryService.PostFeedbackAsync(_client, feedback);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> ActualAsync(Guid predictionId)
    {
        var rows = await _service.StoredAsync(_tenant);
        return Assert.Single(rows, row => row.Row.PredictionId == predictionId).Actual;
    }

    private async Task<List<JsonElement>> RecordedAsync(Guid predictionId) =>
        (await _tap.ReceivedAsync<FeedbackRecorded>())
            .Where(e => e.GetProperty("predictionId").GetGuid() == predictionId && e.GetProperty("tenant").GetString() == _tenant)
            .ToList();

    private async Task<JsonElement> SingleRecordedAsync(Guid predictionId)
    {
        await Eventually.HoldsAsync(async () => (await RecordedAsync(predictionId)).Count > 0, "FeedbackRecorded on the broker");
        return Assert.Single(await RecordedAsync(predictionId));
    }
}