using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;
using MlOps.Training.Service.Infrastructure;

using Npgsql;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

[Collection(PlatformCollection.Name)]
public sealed class ExperimentsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private TrainingService _service = null!;
    private TrackingClient _client = null!;

    public Task InitializeAsync()
    {
        _service = new TrainingService(servers);
        _client = new TrackingClient(_service.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_experiment_is_created_read_back_and_listed()
    {
        var response = await _client.Http.PostAsJsonAsync(
            "/api/training/experiments", new { name = "churn", tags = new Dictionary<string, string> { ["team"] = "growth" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/training/experiments/churn", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", created.GetProperty("lifecycleStage").GetString());

        var read = await _client.Http.GetFromJsonAsync<JsonElement>("/api/training/experiments/churn");
        Assert.Equal(created.GetProperty("id").GetGuid(), read.GetProperty("id").GetGuid());
        Assert.Equal("growth", read.GetProperty("tags").GetProperty("team").GetString());

        var list = await _client.Http.GetFromJsonAsync<JsonElement>("/api/training/experiments");
        Assert.Equal(["churn"], list.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_name_taken_by_a_live_experiment_is_a_409_but_a_deleted_ones_name_is_free()
    {
        await _client.CreateExperimentAsync("dup");

        var again = await _client.Http.PostAsJsonAsync("/api/training/experiments", new { name = "dup" });
        await TrackingClient.AssertProblemAsync(again, HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync("/api/training/experiments/dup")).StatusCode);
        await _client.CreateExperimentAsync("dup");
    }

    [Fact]
    public async Task Deleting_an_experiment_deletes_its_runs_and_restoring_brings_back_those_runs_only()
    {
        await _client.CreateExperimentAsync("lifecycle");
        var kept = await _client.CreateRunAsync("lifecycle");
        var deletedBefore = await _client.CreateRunAsync("lifecycle");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync($"/api/training/runs/{deletedBefore}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync("/api/training/experiments/lifecycle")).StatusCode);

        Assert.Equal("deleted", (await _client.GetRunAsync(kept)).GetProperty("lifecycleStage").GetString());
        Assert.Empty(await NamesAsync("active"));
        Assert.Equal(["lifecycle"], await NamesAsync("deleted"));
        Assert.Equal(["lifecycle"], await NamesAsync("all"));
        Assert.Empty((await _client.SearchAsync("experiment=lifecycle")).Ids);
        var get = await _client.Http.GetFromJsonAsync<JsonElement>("/api/training/experiments/lifecycle");
        Assert.Equal("deleted", get.GetProperty("lifecycleStage").GetString());

        var restored = await _client.Http.PostAsync("/api/training/experiments/lifecycle/restore", null);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(["lifecycle"], await NamesAsync("active"));
        Assert.Equal([kept], (await _client.SearchAsync("experiment=lifecycle")).Ids);
        Assert.Equal("deleted", (await _client.GetRunAsync(deletedBefore)).GetProperty("lifecycleStage").GetString());
    }

    [Fact]
    public async Task Restoring_over_a_live_experiment_of_the_same_name_is_a_409_and_a_missing_one_a_404()
    {
        await _client.CreateExperimentAsync("twice");
        await _client.Http.DeleteAsync("/api/training/experiments/twice");
        await _client.CreateExperimentAsync("twice");

        var response = await _client.Http.PostAsync("/api/training/experiments/twice/restore", null);
        await TrackingClient.AssertProblemAsync(response, HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.PostAsync("/api/training/experiments/nothing/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.DeleteAsync("/api/training/experiments/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.GetAsync("/api/training/experiments/nothing")).StatusCode);
    }

    [Fact]
    public async Task Invalid_names_tags_and_view_types_are_400s_naming_the_field()
    {
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PostAsJsonAsync("/api/training/experiments", new { tags = new { } }), "name", "required");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PostAsJsonAsync("/api/training/experiments", new { name = new string('n', 251) }), "name", "1 to 250");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PostAsJsonAsync("/api/training/experiments", new { name = "ok", tags = new Dictionary<string, string> { ["bad:key"] = "v" } }),
            "tags[bad:key]", "letters, digits");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.GetAsync("/api/training/experiments?viewType=some"), "viewType", "active, deleted or all");
        Assert.Empty(await NamesAsync("all"));
    }

    [Fact]
    public async Task Another_tenants_experiment_is_not_found_and_its_name_is_free()
    {
        await _client.CreateExperimentAsync("shared-name");
        var other = new TrackingClient(_service.CreateClient("other"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync("/api/training/experiments/shared-name")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync("/api/training/experiments/shared-name")).StatusCode);
        var list = await other.Http.GetFromJsonAsync<JsonElement>("/api/training/experiments?viewType=all");
        Assert.Empty(list.GetProperty("experiments").EnumerateArray());

        await other.CreateExperimentAsync("shared-name");
    }

    [Fact]
    public async Task Get_or_create_returns_one_experiment_however_many_callers_race()
    {
        await _client.Http.GetAsync("/api/training/experiments");
        await using var dataSource = NpgsqlDataSource.Create(_service.DatabaseConnectionString);
        var store = new TrackingStore(dataSource);

        var experiments = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => store.GetOrCreateExperimentAsync("default", "per-model", CancellationToken.None)));

        Assert.Single(experiments.Select(e => e.Id).Distinct());
        Assert.Equal(experiments[0].Id, (await store.GetOrCreateExperimentAsync("default", "per-model", CancellationToken.None)).Id);
        var read = await _client.Http.GetFromJsonAsync<JsonElement>("/api/training/experiments/per-model");
        Assert.Equal(experiments[0].Id, read.GetProperty("id").GetGuid());
    }

    private async Task<List<string>> NamesAsync(string viewType)
    {
        var list = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/experiments?viewType={viewType}");
        return list.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }
}