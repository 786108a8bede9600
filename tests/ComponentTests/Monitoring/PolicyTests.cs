using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

[Collection(PlatformCollection.Name)]
public sealed class PolicyTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";
    private MonitoringService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await MonitoringService.StartAsync(servers);
        _client = _service.CreateClient(_tenant);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_model_without_a_policy_has_the_defaults_and_a_partial_update_changes_only_the_fields_it_names()
    {
        var defaults = await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/models/churn/policy");
        Assert.False(defaults.GetProperty("autoRetrain").GetBoolean());
        Assert.Equal(100, defaults.GetProperty("minLabeledRows").GetInt32());
        Assert.Equal(0.5, defaults.GetProperty("driftShare").GetDouble());
        Assert.True(defaults.GetProperty("defaultRules").GetBoolean());
        Assert.Equal(["drift_share", "accuracy_drop"], defaults.GetProperty("rules").EnumerateArray().Select(rule => rule.GetProperty("metric").GetString()));

        using (var first = await _client.PutAsJsonAsync("/api/monitoring/models/churn/policy",
            new { autoRetrain = true, autoPromote = true, minLabeledRows = 250, promotionMargin = 0.02 }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await _client.PutAsJsonAsync("/api/monitoring/models/churn/policy",
            new { cooldownSeconds = 60, rules = new[] { new { metric = "psi", feature = "age", op = ">", threshold = 0.25, action = "notify" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var policy = await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/models/churn/policy");
        Assert.True(policy.GetProperty("autoRetrain").GetBoolean());
        Assert.True(policy.GetProperty("autoPromote").GetBoolean());
        Assert.Equal(250, policy.GetProperty("minLabeledRows").GetInt32());
        Assert.Equal(0.02, policy.GetProperty("promotionMargin").GetDouble());
        Assert.Equal(60, policy.GetProperty("cooldownSeconds").GetInt32());
        Assert.Equal(4, policy.GetProperty("maxRetrainsPerDay").GetInt32());
        Assert.False(policy.GetProperty("defaultRules").GetBoolean());
        var rule = Assert.Single(policy.GetProperty("rules").EnumerateArray());
        Assert.Equal("age", rule.GetProperty("feature").GetString());

        var otherTenant = _service.CreateClient($"other-{Guid.NewGuid():N}");
        Assert.False((await otherTenant.GetFromJsonAsync<JsonElement>("/api/monitoring/models/churn/policy")).GetProperty("autoRetrain").GetBoolean());
    }

    [Fact]
    public async Task An_invalid_update_names_every_bad_field_and_changes_nothing()
    {
        using var response = await _client.PutAsJsonAsync("/api/monitoring/models/churn/policy", new Dictionary<string, object>
        {
            ["autoRetrain"] = true,
            ["minLabeledRows"] = -1,
            ["checkIntervalSeconds"] = "often",
            ["colour"] = "red",
            ["rules"] = new object[] { new { metric = "loss", op = "=", action = "page" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "minLabeledRows", "checkIntervalSeconds", "colour", "rules[0].metric", "rules[0].op", "rules[0].threshold", "rules[0].action" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");
        }

        Assert.False((await _client.GetFromJsonAsync<JsonElement>("/api/monitoring/models/churn/policy")).GetProperty("autoRetrain").GetBoolean());
        using var notObject = await _client.PutAsJsonAsync("/api/monitoring/models/churn/policy", new[] { 1 });
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        using var badName = await _client.PutAsJsonAsync("/api/monitoring/models/bad%20name/policy", new { autoRetrain = true });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
    }
}