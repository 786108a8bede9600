using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MassTransit;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

[Collection(PlatformCollection.Name)]
public sealed class DriftCheckTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private MonitoringService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await MonitoringService.StartAsync(servers);
        _client = _service.CreateClient(_tenant);
        await _service.AddReferenceAsync(_tenant, 1, MonitoredModel.Manifest());
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Logged_rows_are_counted_once_per_feature_even_when_a_batch_is_delivered_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var first = MonitoredModel.Rows(_tenant, 120, seed: 1, shifted: false, now);
        var second = MonitoredModel.Rows(_tenant, 80, seed: 2, shifted: false, now);
        var firstId = Guid.NewGuid();
        await _service.Bus.Publish(PredictionsLogged.Of(first), context => context.MessageId = firstId);
        await _service.Bus.Publish(PredictionsLogged.Of(first), context => context.MessageId = firstId);
        await _service.Bus.Publish(PredictionsLogged.Of(second), context => context.MessageId = Guid.NewGuid());

        await Eventually.HoldsAsync(async () => await Inbox() == 2, "both batches consumed");
        await Task.Delay(500);
        Assert.Equal(2, await Inbox());
        var report = await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });

        Assert.Equal(200, report.GetProperty("rows").GetInt64());
        var x = Feature(report, "x");
        var expected = new long[10];
        foreach (var row in first.Concat(second))
        {
            expected[(int)row.Inputs.GetProperty("x").GetDouble()]++;
        }

        Assert.Equal(expected, x.GetProperty("current").EnumerateArray().Select(count => count.GetInt64()));
        Assert.Equal(200, Feature(report, "color").GetProperty("current").EnumerateArray().Sum(count => count.GetInt64()));
        Assert.Equal(200, report.GetProperty("prediction").GetProperty("current").EnumerateArray().Sum(count => count.GetInt64()));
    }

    [Fact]
    public async Task Rows_of_a_version_whose_reference_cannot_be_fetched_wait_and_are_counted_once_it_can()
    {
        var rows = MonitoredModel.Rows(_tenant, 150, seed: 9, shifted: false, DateTimeOffset.UtcNow, version: 2);
        await _service.Bus.Publish(PredictionsLogged.Of(rows), context => context.MessageId = Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM waiting_rows") == 1, "the rows waiting");
        Assert.Equal(0, await _service.ScalarAsync("SELECT count(*) FROM bin_counts WHERE version = 2"));

        // The reference arrives (as if the registry answered again): the waiting rows are counted, once.
        await _service.AddReferenceAsync(_tenant, 2, MonitoredModel.Manifest());
        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM waiting_rows") == 0, "the rows counted");
        var report = await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 2 });
        Assert.Equal(150, report.GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Traffic_like_the_training_data_is_not_drift_and_a_shifted_world_is()
    {
        var now = DateTimeOffset.UtcNow;
        await PublishAsync(MonitoredModel.Rows(_tenant, 600, seed: 3, shifted: false, now));
        await PublishAsync(MonitoredModel.Rows(_tenant, 600, seed: 4, shifted: true, now.AddHours(-2)));
        await Eventually.HoldsAsync(async () => await Inbox() == 2, "both batches consumed");

        var calm = await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });
        var dataset = calm.GetProperty("dataset");
        Assert.False(dataset.GetProperty("drifted").GetBoolean());
        Assert.Equal(0, dataset.GetProperty("driftedFeatures").GetInt32());
        Assert.Equal("ks", Feature(calm, "x").GetProperty("method").GetString());
        Assert.Equal("chisquare", Feature(calm, "color").GetProperty("method").GetString());

        var shifted = await MonitoringService.CheckAsync(_client, MonitoredModel.Name,
            new { version = 1, from = now.AddHours(-3).ToString("O"), to = now.AddHours(-1).ToString("O") });
        Assert.True(shifted.GetProperty("dataset").GetProperty("drifted").GetBoolean());
        Assert.Equal(2, shifted.GetProperty("dataset").GetProperty("driftedFeatures").GetInt32());
        var color = Feature(shifted, "color");
        Assert.Equal(["red", "green", "blue"], color.GetProperty("categories").EnumerateArray().Select(value => value.GetString()));
        Assert.True(color.GetProperty("current")[3].GetInt64() > 200, "unseen purple is counted as other");
        Assert.True(Feature(shifted, "x").GetProperty("pValue").GetDouble() < 0.05);

        var alerts = await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open");
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal(MonitoredModel.Name, alert.GetProperty("model").GetString());
        Assert.Equal("drift_share", alert.GetProperty("rule").GetProperty("metric").GetString());
        Assert.Equal(shifted.GetProperty("id").GetGuid(), alert.GetProperty("reportId").GetGuid());
        Assert.Equal(1, await _service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DriftDetected%'"));

        // Breaking the rule again keeps the one alert open; the calm window then resolves it.
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name,
            new { version = 1, from = now.AddHours(-3).ToString("O"), to = now.AddHours(-1).ToString("O") });
        Assert.Single((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open")).EnumerateArray());
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open")).EnumerateArray());
        Assert.Single((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=resolved")).EnumerateArray());

        var listed = await _client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{MonitoredModel.Name}/drift-checks");
        Assert.Equal(4, listed.GetArrayLength());
    }

    [Fact]
    public async Task Too_few_rows_is_insufficient_data_not_a_verdict()
    {
        await PublishAsync(MonitoredModel.Rows(_tenant, 10, seed: 5, shifted: true, DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => await Inbox() == 1, "the batch consumed");

        var report = await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });

        Assert.True(report.GetProperty("dataset").GetProperty("insufficientData").GetBoolean());
        Assert.False(report.GetProperty("dataset").GetProperty("drifted").GetBoolean());
        Assert.True(Feature(report, "x").GetProperty("insufficientData").GetBoolean());
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open")).EnumerateArray());
    }

    [Fact]
    public async Task Live_accuracy_well_below_the_held_out_one_is_concept_drift()
    {
        var now = DateTimeOffset.UtcNow;
        var rows = MonitoredModel.Rows(_tenant, 200, seed: 6, shifted: false, now);
        await PublishAsync(rows);
        var right = 0;
        foreach (var (row, i) in rows.Select((row, i) => (row, i)))
        {
            var correct = i % 2 == 0;
            right += correct ? 1 : 0;
            await _service.Bus.Publish(new FeedbackRecorded(row.PredictionId, row.Model, 1, correct ? row.Label! : Other(row.Label!), row.Label, now, now, _tenant));
        }

        // A corrected label replaces the first: the last row's label flips to right, once.
        var last = rows[^1];
        await _service.Bus.Publish(new FeedbackRecorded(last.PredictionId, last.Model, 1, last.Label!, last.Label, now, now.AddSeconds(1), _tenant));
        right++;
        await Eventually.HoldsAsync(async () => await Inbox() == 1 + rows.Count + 1, "the batch and every label consumed");

        var concept = (await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 })).GetProperty("concept");

        Assert.Equal(rows.Count, concept.GetProperty("labelledRows").GetInt64());
        Assert.Equal((double)right / rows.Count, concept.GetProperty("live").GetDouble(), 9);
        Assert.Equal(0.9 - (double)right / rows.Count, concept.GetProperty("drop").GetDouble(), 9);
        Assert.True(concept.GetProperty("drifted").GetBoolean());
        var alert = Assert.Single((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open")).EnumerateArray());
        Assert.Equal("accuracy_drop", alert.GetProperty("rule").GetProperty("metric").GetString());
    }

    [Fact]
    public async Task Bad_check_requests_are_refused_naming_the_field()
    {
        await AssertInvalidAsync(new { from = "yesterday" }, "from");
        await AssertInvalidAsync(new { from = "2026-01-02T00:00:00Z", to = "2026-01-01T00:00:00Z" }, "from");
        await AssertInvalidAsync(new { version = 0 }, "version");
        using var badName = await _client.PostAsJsonAsync("/api/monitoring/models/no%20spaces/drift-checks", new { });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        using var undeployed = await _client.PostAsJsonAsync("/api/monitoring/models/never-deployed/drift-checks", new { });
        Assert.Equal(HttpStatusCode.NotFound, undeployed.StatusCode);
        using var badLimit = await _client.GetAsync($"/api/monitoring/models/{MonitoredModel.Name}/drift-checks?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        using var badState = await _client.GetAsync("/api/monitoring/alerts?state=closed");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }

    private async Task AssertInvalidAsync(object body, string field)
    {
        using var response = await _client.PostAsJsonAsync($"/api/monitoring/models/{MonitoredModel.Name}/drift-checks", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static string Other(string label) => label == "no" ? "yes" : "no";

    private Task PublishAsync(List<LoggedPrediction> rows) =>
        _service.Bus.Publish(PredictionsLogged.Of(rows), context => context.MessageId = Guid.NewGuid());

    private Task<long> Inbox() => _service.ScalarAsync("SELECT count(*) FROM inbox_messages");

    private static JsonElement Feature(JsonElement report, string name) =>
        report.GetProperty("features").EnumerateArray().Single(feature => feature.GetProperty("name").GetString() == name);
}