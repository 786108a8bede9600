using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

using MlOps.ComponentTests.Gateway;
using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Registry;

/// <summary>The internal endpoint inference replicas load from: every tenant's served deployments in one list.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InternalDeploymentsTests(PlatformServers servers)
{
    [Fact]
    public async Task Lists_every_tenant_s_models_with_a_champion_with_their_packages_SHA_256_and_filters_by_tenant_and_model()
    {
        await using var service = new RegistryService(servers);
        var acme = service.CreateClient("acme");
        var globex = service.CreateClient("globex");
        var churn1 = await RegistryPackages.ForAsync("churn", seed: 1);
        var churn2 = await RegistryPackages.ForAsync("churn", seed: 2);
        var fraud = await RegistryPackages.ForAsync("fraud", seed: 3);
        await RegistryService.UploadAsync(acme, "churn", churn1);
        await RegistryService.UploadAsync(acme, "churn", churn2);
        await RegistryService.UploadAsync(acme, "unserved", await RegistryPackages.ForAsync("unserved", seed: 4));
        await RegistryService.UploadAsync(globex, "fraud", fraud);
        await acme.PostAsJsonAsync("/api/registry/models/churn/promote", new { version = 1 });
        await acme.PutAsJsonAsync("/api/registry/models/churn/aliases/challenger", new { version = 2 });
        await acme.PutAsJsonAsync("/api/registry/models/churn/deployment", new { mode = "canary", challengerTraffic = 0.25 });
        await globex.PostAsJsonAsync("/api/registry/models/fraud/promote", new { version = 1 });
        var client = service.CreateClient();

        var all = await client.GetFromJsonAsync<JsonElement[]>("/internal/deployments");
        var onlyGlobex = await client.GetFromJsonAsync<JsonElement[]>("/internal/deployments?tenant=globex");
        var onlyChurn = await client.GetFromJsonAsync<JsonElement[]>("/internal/deployments?tenant=acme&model=churn");
        var invalid = await client.GetAsync("/internal/deployments?model=not%20a%20name");

        Assert.Equal(["acme/churn", "globex/fraud"], all!.Select(d => $"{d.GetProperty("tenant").GetString()}/{d.GetProperty("model").GetString()}"));
        var churn = all![0];
        Assert.Equal(1, churn.GetProperty("championVersion").GetInt32());
        Assert.Equal(2, churn.GetProperty("challengerVersion").GetInt32());
        Assert.Equal("canary", churn.GetProperty("mode").GetString());
        Assert.Equal(0.25, churn.GetProperty("challengerTraffic").GetDouble());
        Assert.Equal(Sha256(churn1), churn.GetProperty("championSha256").GetString());
        Assert.Equal(Sha256(churn2), churn.GetProperty("challengerSha256").GetString());
        var single = all[1];
        Assert.Equal("single", single.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, single.GetProperty("challengerVersion").ValueKind);
        Assert.Equal(JsonValueKind.Null, single.GetProperty("challengerSha256").ValueKind);
        Assert.Equal(Sha256(fraud), single.GetProperty("championSha256").GetString());
        Assert.Equal("fraud", Assert.Single(onlyGlobex!).GetProperty("model").GetString());
        Assert.Equal("acme", Assert.Single(onlyChurn!).GetProperty("tenant").GetString());
        var problem = await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("model", out _));
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}