using System.Net.Http.Json;
using System.Text.Json;

using MassTransit;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>The policy's retraining budget, and how a retrain's outcome is recorded when the champion must stay.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RetrainTests(PlatformServers servers) : IAsyncLifetime
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
    public async Task Drift_asks_for_one_retrain_once_enough_labels_came_and_the_cooldown_holds_the_next()
    {
        var now = DateTimeOffset.UtcNow;
        using (var policy = await _client.PutAsJsonAsync($"/api/monitoring/models/{MonitoredModel.Name}/policy",
            new { autoRetrain = true, minLabeledRows = 60, cooldownSeconds = 3600, evaluationFraction = 0.25 }))
        {
            policy.EnsureSuccessStatusCode();
        }

        var rows = MonitoredModel.Rows(_tenant, 300, seed: 7, shifted: true, now);
        await _service.Bus.Publish(PredictionsLogged.Of(rows), context => context.MessageId = Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM inbox_messages") == 1, "the batch consumed");

        // Drifted, but no labels yet: the alert opens and the retrain waits for labels of rows served since.
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });
        Assert.Equal(0, await Retrains());
        var later = DateTimeOffset.UtcNow;
        var served = MonitoredModel.Rows(_tenant, 60, seed: 8, shifted: true, later);
        await _service.Bus.Publish(PredictionsLogged.Of(served), context => context.MessageId = Guid.NewGuid());
        foreach (var row in rows.Take(60).Select(row => (row, now)).Concat(served.Select(row => (row, later))))
        {
            await _service.Bus.Publish(new FeedbackRecorded(row.row.PredictionId, row.row.Model, 1, row.row.Label!, row.row.Label, row.Item2, row.Item2, _tenant));
        }

        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM feedback") == 120, "the labels consumed");
        var report = await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });

        Assert.Equal(1, await Retrains());
        var request = JsonDocument.Parse((await _service.StringsAsync(
            "SELECT payload::text FROM outbox_messages WHERE message_type LIKE '%RetrainRequested%'")).Single()).RootElement;
        Assert.Equal(MonitoredModel.Name, request.GetProperty("model").GetString());
        Assert.Equal(0.25, request.GetProperty("evaluationFraction").GetDouble());
        Assert.Equal(report.GetProperty("id").GetGuid(), request.GetProperty("reportId").GetGuid());
        var alert = Assert.Single((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts?state=open")).EnumerateArray());
        Assert.Equal(alert.GetProperty("id").GetGuid(), request.GetProperty("alertId").GetGuid());
        Assert.NotEqual(alert.GetProperty("reportId").GetGuid(), request.GetProperty("reportId").GetGuid());
        Assert.Equal(["alert_opened", "retrain_requested"], await Actions());
        Assert.True(request.GetProperty("includeProductionSince").GetDateTimeOffset() <= later);
    }

    [Fact]
    public async Task A_challenger_that_does_not_meet_the_margin_stays_challenger_and_each_step_is_audited()
    {
        using (var policy = await _client.PutAsJsonAsync($"/api/monitoring/models/{MonitoredModel.Name}/policy",
            new { autoRetrain = true, autoPromote = true, minLabeledRows = 0, promotionMargin = 0.05 }))
        {
            policy.EnsureSuccessStatusCode();
        }

        await _service.Bus.Publish(PredictionsLogged.Of(MonitoredModel.Rows(_tenant, 300, seed: 8, shifted: true, DateTimeOffset.UtcNow)),
            context => context.MessageId = Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM inbox_messages") == 1, "the batch consumed");
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });
        var retrain = Guid.Parse((await _service.StringsAsync("SELECT id FROM retrains")).Single());
        var job = Guid.NewGuid();

        await _service.Bus.Publish(new TrainingJobFinished(job, MonitoredModel.Name, "succeeded", 2, [], DateTimeOffset.UtcNow, _tenant, retrain,
            new ChallengerComparison("accuracy", 1, 2, 0.80, 0.82, 0.02, 120, 9, 6, 0.6)));
        await Eventually.HoldsAsync(async () => (await Actions()).Contains("challenger_kept"), "the outcome recorded");

        Assert.Equal(["alert_opened", "retrain_requested", "challenger_registered", "challenger_evaluated", "challenger_kept"], await Actions());
        Assert.Equal(["succeeded"], await _service.StringsAsync("SELECT outcome FROM retrains WHERE job_id = $1", job));
        Assert.Equal(4, await _service.ScalarAsync("SELECT count(*) FROM audit_entries WHERE retrain_id = $1", retrain));
    }

    private Task<long> Retrains() => _service.ScalarAsync("SELECT count(*) FROM retrains");

    private async Task<List<string>> Actions() =>
        [.. (await _client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{MonitoredModel.Name}/audit")).EnumerateArray()
            .Select(entry => entry.GetProperty("action").GetString()!)];
}