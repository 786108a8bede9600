using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Registry;

[Collection(PlatformCollection.Name)]
public sealed class RegistryEventsTests(PlatformServers servers)
{
    [Fact]
    public async Task Registration_and_deployment_changes_reach_the_broker_with_their_content()
    {
        await using var tap = await BrokerTap.StartAsync(
            servers.RabbitMq.ConnectionString, typeof(ModelVersionRegistered), typeof(DeploymentChanged));
        await using var service = new RegistryService(servers);
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var client = service.CreateClient(tenant);
        var first = await RegistryPackages.ForAsync("churn", seed: 1);

        Assert.Equal(HttpStatusCode.Created, (await RegistryService.UploadAsync(client, "churn", first)).StatusCode);
        await RegistryService.UploadAsync(client, "churn", await RegistryPackages.ForAsync("churn", seed: 2));
        await client.PostAsJsonAsync("/api/registry/models/churn/promote", new { version = 1, reason = "first release" });
        await client.PutAsJsonAsync("/api/registry/models/churn/aliases/challenger", new { version = 2 });
        await client.PutAsJsonAsync("/api/registry/models/churn/deployment", new { mode = "canary", challengerTraffic = 0.2, reason = "try v2" });

        IReadOnlyList<JsonElement> registered = [];
        IReadOnlyList<JsonElement> changed = [];
        await Eventually.HoldsAsync(async () =>
        {
            registered = Mine(await tap.ReceivedAsync<ModelVersionRegistered>(), tenant);
            changed = Mine(await tap.ReceivedAsync<DeploymentChanged>(), tenant);
            return registered.Count == 2 && changed.Count == 3;
        }, "two registrations and three deployment changes on the broker");

        var v1 = registered.Single(e => e.GetProperty("version").GetInt32() == 1);
        Assert.Equal("churn", v1.GetProperty("model").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), v1.GetProperty("sha256").GetString());
        Assert.Equal(0.89, v1.GetProperty("metrics").GetProperty("auc").GetDouble());

        var canary = changed.Single(e => e.GetProperty("mode").GetString() == "canary");
        Assert.Equal("churn", canary.GetProperty("model").GetString());
        Assert.Equal(1, canary.GetProperty("championVersion").GetInt32());
        Assert.Equal(2, canary.GetProperty("challengerVersion").GetInt32());
        Assert.Equal(0.2, canary.GetProperty("challengerTraffic").GetDouble());
        Assert.Equal("try v2", canary.GetProperty("reason").GetString());
        var promoted = changed.Single(e => e.GetProperty("reason").GetString() == "first release");
        Assert.Equal(1, promoted.GetProperty("championVersion").GetInt32());
        Assert.Equal(JsonValueKind.Null, promoted.GetProperty("challengerVersion").ValueKind);
        Assert.Equal("single", promoted.GetProperty("mode").GetString());
    }

    private static List<JsonElement> Mine(IReadOnlyList<JsonElement> events, string tenant) =>
        events.Where(e => e.GetProperty("tenant").GetString() == tenant).ToList();
}