using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MassTransit;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>A retrain an operator asks for: published like drift's, beyond the policy's budget, yet counted in it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OperatorRetrainTests(PlatformServers servers) : IAsyncLifetime
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
    public async Task An_operator_retrain_is_accepted_recorded_and_published_for_training()
    {
        await using var tap = await BrokerTap.StartAsync(_service.MessagingConnectionString, typeof(RetrainRequested));

        using var response = await RetrainAsync(new { reason = "labels of the new season arrived" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(MonitoredModel.Name, accepted.GetProperty("model").GetString());
        var requestId = accepted.GetProperty("requestId").GetGuid();
        var row = Assert.Single(await Sql.RowsAsync(_service.DatabaseConnectionString,
            "SELECT tenant, model, reason, alert_id, report_id FROM retrains WHERE id = $1", requestId));
        Assert.Equal(_tenant, row[0]);
        Assert.Equal(MonitoredModel.Name, row[1]);
        Assert.Equal("labels of the new season arrived", row[2]);
        Assert.Null(row[3]);
        Assert.Null(row[4]);
        Assert.Equal(["retrain_requested"], await Actions());

        List<JsonElement> published = [];
        await Eventually.HoldsAsync(async () =>
        {
            published = [.. (await tap.ReceivedAsync<RetrainRequested>()).Where(message => message.GetProperty("requestId").GetGuid() == requestId)];
            return published.Count > 0;
        }, "the retrain request on the broker");
        var message = Assert.Single(published);
        Assert.Equal(MonitoredModel.Name, message.GetProperty("model").GetString());
        Assert.Equal(_tenant, message.GetProperty("tenant").GetString());
        Assert.Equal("labels of the new season arrived", message.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("reportId").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("alertId").ValueKind);
    }

    [Fact]
    public async Task Operator_retrains_pass_the_daily_budget_and_count_in_it_for_drift()
    {
        using var measurements = new TenantMeasurements(_tenant);
        using (var policy = await _client.PutAsJsonAsync($"/api/monitoring/models/{MonitoredModel.Name}/policy",
            new { autoRetrain = true, minLabeledRows = 0, maxRetrainsPerDay = 1 }))
        {
            policy.EnsureSuccessStatusCode();
        }

        using (var first = await RetrainAsync(body: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var second = await RetrainAsync(new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        Assert.Equal(["operator request", "operator request"], await _service.StringsAsync("SELECT reason FROM retrains"));

        // Drift that would ask for a retrain on its own (as in RetrainTests) finds the day's budget spent.
        await _service.Bus.Publish(PredictionsLogged.Of(MonitoredModel.Rows(_tenant, 300, seed: 8, shifted: true, DateTimeOffset.UtcNow)),
            context => context.MessageId = Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await _service.ScalarAsync("SELECT count(*) FROM inbox_messages") == 1, "the batch consumed");
        await MonitoringService.CheckAsync(_client, MonitoredModel.Name, new { version = 1 });

        Assert.Equal(2, await _service.ScalarAsync("SELECT count(*) FROM retrains"));
        Assert.Equal(["retrain_requested", "retrain_requested", "alert_opened"], await Actions());
        Assert.Equal(2, measurements.Sum("mlops.monitoring.retrains_requested", "trigger", "operator"));
        Assert.Equal(0, measurements.Sum("mlops.monitoring.retrains_requested", "trigger", "drift"));
        Assert.Equal(1, measurements.Sum("mlops.monitoring.drift_checks", "outcome", "drifted"));
        Assert.Equal(1, measurements.Sum("mlops.monitoring.alerts_raised", "rule", "drift_share"));
    }

    [Fact]
    public async Task A_reason_over_500_characters_is_refused_and_nothing_is_requested()
    {
        using var response = await RetrainAsync(new { reason = new string('r', 501) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        Assert.Equal(0, await _service.ScalarAsync("SELECT count(*) FROM retrains"));
        Assert.Equal(0, await _service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%RetrainRequested%'"));
    }

    private Task<HttpResponseMessage> RetrainAsync(object? body) =>
        body is null
            ? _client.PostAsync($"/api/monitoring/models/{MonitoredModel.Name}/retrains", content: null)
            : _client.PostAsJsonAsync($"/api/monitoring/models/{MonitoredModel.Name}/retrains", body);

    private async Task<List<string>> Actions() =>
        [.. (await _client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{MonitoredModel.Name}/audit")).EnumerateArray()
            .Select(entry => entry.GetProperty("action").GetString()!)];
}