using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Gateway;
using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Registry;

[Collection(PlatformCollection.Name)]
public sealed class DeploymentsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private RegistryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = new RegistryService(servers);
        _client = _service.CreateClient();
        for (var seed = 1; seed <= 3; seed++)
        {
            var created = await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn", seed));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Promote_remembers_the_previous_champion_and_rollback_restores_it_until_there_is_none()
    {
        await PostAsync("promote", new { version = 1, reason = "first release" });
        var promoted = await PostAsync("promote", new { version = 2, reason = "better auc" });
        var rolledBack = await PostAsync("rollback", new { reason = "latency regression" });
        var nothingLeft = await PostAsync("rollback", new { });

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(2, (await RegistryService.JsonAsync(promoted)).GetProperty("champion").GetInt32());
        var afterRollback = await RegistryService.JsonAsync(rolledBack);
        Assert.Equal(1, afterRollback.GetProperty("champion").GetInt32());
        Assert.Empty(afterRollback.GetProperty("previousChampions").EnumerateArray());
        await ProblemAssert.IsProblemAsync(nothingLeft, HttpStatusCode.Conflict);

        var history = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/history");
        var entries = history.EnumerateArray().ToArray();
        Assert.Equal(["rollback", "promote", "promote"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(2, entries[0].GetProperty("from").GetInt32());
        Assert.Equal(1, entries[0].GetProperty("to").GetInt32());
        Assert.Equal("latency regression", entries[0].GetProperty("reason").GetString());
        Assert.Equal("key-ci", entries[0].GetProperty("who").GetProperty("keyId").GetString());
        Assert.Equal("acme", entries[0].GetProperty("who").GetProperty("tenant").GetString());
        Assert.Equal(JsonValueKind.Null, entries[2].GetProperty("from").ValueKind);
        Assert.Equal(1, entries[2].GetProperty("to").GetInt32());
        Assert.True(entries[0].GetProperty("at").GetDateTimeOffset() >= entries[1].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_canary_needs_a_challenger_and_losing_the_challenger_returns_to_single()
    {
        var withoutChallenger = await PutAsync("deployment", new { mode = "canary", challengerTraffic = 0.1 });
        await PostAsync("promote", new { version = 1 });
        await PutAsync("aliases/challenger", new { version = 3 });
        var canary = await PutAsync("deployment", new { mode = "canary", challengerTraffic = 0.25, reason = "try v3" });
        var removed = await _client.DeleteAsync("/api/registry/models/churn/aliases/challenger");

        AssertField(await ProblemAssert.IsProblemAsync(withoutChallenger, HttpStatusCode.BadRequest), "mode");
        var split = await RegistryService.JsonAsync(canary);
        Assert.Equal("canary", split.GetProperty("mode").GetString());
        Assert.Equal(0.25, split.GetProperty("challengerTraffic").GetDouble());
        Assert.Equal(3, split.GetProperty("challenger").GetInt32());
        var single = await RegistryService.JsonAsync(removed);
        Assert.Equal("single", single.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, single.GetProperty("challenger").ValueKind);
        var deployment = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/deployment");
        Assert.Equal(1, deployment.GetProperty("champion").GetInt32());
        Assert.Equal("single", deployment.GetProperty("mode").GetString());

        var traffic = (await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/history"))
            .EnumerateArray().First(e => e.GetProperty("action").GetString() == "deployment");
        Assert.Equal("single", traffic.GetProperty("from").GetProperty("mode").GetString());
        Assert.Equal("canary", traffic.GetProperty("to").GetProperty("mode").GetString());
        Assert.Equal("try v3", traffic.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Promoting_the_challenger_makes_it_champion_and_ends_the_split()
    {
        await PostAsync("promote", new { version = 1 });
        await PutAsync("aliases/challenger", new { version = 2 });
        await PutAsync("deployment", new { mode = "shadow" });

        var promoted = await RegistryService.JsonAsync(await PostAsync("promote", new { version = 2, reason = "won the shadow test" }));

        Assert.Equal(2, promoted.GetProperty("champion").GetInt32());
        Assert.Equal(JsonValueKind.Null, promoted.GetProperty("challenger").ValueKind);
        Assert.Equal("single", promoted.GetProperty("mode").GetString());
        Assert.Equal([1], promoted.GetProperty("previousChampions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Champion_and_challenger_cannot_be_archived_and_archived_versions_cannot_be_deployed()
    {
        await PostAsync("promote", new { version = 1 });
        await PutAsync("aliases/challenger", new { version = 2 });
        await PutAsync("aliases/staging", new { version = 3 });

        var archiveChampion = await _client.PostAsync("/api/registry/models/churn/versions/1/archive", null);
        var archiveChallenger = await _client.PostAsync("/api/registry/models/churn/versions/2/archive", null);
        var archiveStaging = await _client.PostAsync("/api/registry/models/churn/versions/3/archive", null);
        var promoteArchived = await PostAsync("promote", new { version = 3 });
        var challengeArchived = await PutAsync("aliases/challenger", new { version = 3 });

        await ProblemAssert.IsProblemAsync(archiveChampion, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(archiveChallenger, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, archiveStaging.StatusCode);
        var archived = await RegistryService.JsonAsync(archiveStaging);
        Assert.Equal("archived", archived.GetProperty("status").GetString());
        Assert.Equal(["staging"], archived.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        await ProblemAssert.IsProblemAsync(promoteArchived, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(challengeArchived, HttpStatusCode.Conflict);
        var model = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn");
        Assert.Equal(1, model.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(2, model.GetProperty("aliases").GetProperty("challenger").GetInt32());
        Assert.Equal(3, model.GetProperty("aliases").GetProperty("staging").GetInt32());
    }

    [Fact]
    public async Task Setting_an_alias_to_what_it_already_is_records_nothing()
    {
        await PutAsync("aliases/staging", new { version = 2 });
        var again = await PutAsync("aliases/staging", new { version = 2 });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var history = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/history");
        var entry = Assert.Single(history.EnumerateArray());
        Assert.Equal("alias-set", entry.GetProperty("action").GetString());
        Assert.Equal("staging", entry.GetProperty("alias").GetString());
    }

    [Theory]
    [InlineData("PUT", "deployment", """{"mode":"blue-green"}""", "mode")]
    [InlineData("PUT", "deployment", """{"challengerTraffic":0.5}""", "mode")]
    [InlineData("PUT", "deployment", """{"mode":"canary","challengerTraffic":1.5}""", "challengerTraffic")]
    [InlineData("PUT", "deployment", """{"mode":"canary","challengerTraffic":-0.1}""", "challengerTraffic")]
    [InlineData("PUT", "deployment", """{"mode":"canary","challengerTraffic":0}""", "challengerTraffic")]
    [InlineData("PUT", "deployment", """{"mode":"canary","challengerTraffic":"half"}""", null)]
    [InlineData("PUT", "deployment", """{"mode":""", null)]
    [InlineData("PUT", "aliases/champion", """{}""", "version")]
    [InlineData("PUT", "aliases/champion", """{"version":-1}""", "version")]
    [InlineData("PUT", "aliases/Not%20Valid", """{"version":1}""", "alias")]
    [InlineData("POST", "promote", """{"version":"two"}""", null)]
    [InlineData("POST", "promote", """[1]""", null)]
    public async Task Bad_input_is_a_400_and_changes_nothing(string method, string path, string body, string? field)
    {
        await PostAsync("promote", new { version = 1 });
        await PutAsync("aliases/challenger", new { version = 2 });

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/registry/models/churn/{path}")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var response = await _client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            AssertField(problem, field);
        }

        Assert.Equal(2, (await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/history")).GetArrayLength());
    }

    [Fact]
    public async Task A_version_that_does_not_exist_is_a_404()
    {
        var promote = await PostAsync("promote", new { version = 42 });
        var alias = await PutAsync("aliases/staging", new { version = 42 });
        var missingAlias = await _client.DeleteAsync("/api/registry/models/churn/aliases/staging");
        var missingModel = await _client.PostAsJsonAsync("/api/registry/models/fraud/promote", new { version = 1 });

        await ProblemAssert.IsProblemAsync(promote, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(alias, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(missingAlias, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(missingModel, HttpStatusCode.NotFound);
        Assert.Equal(0, await _service.CountAsync("model_history"));
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body) =>
        _client.PostAsJsonAsync($"/api/registry/models/churn/{path}", body);

    private Task<HttpResponseMessage> PutAsync(string path, object body) =>
        _client.PutAsJsonAsync($"/api/registry/models/churn/{path}", body);

    private static void AssertField(JsonElement problem, string field) =>
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
}