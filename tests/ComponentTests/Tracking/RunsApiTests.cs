using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

[Collection(PlatformCollection.Name)]
public sealed class RunsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private TrainingService _service = null!;
    private TrackingClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = new TrainingService(servers);
        _client = new TrackingClient(_service.CreateClient());
        await _client.CreateExperimentAsync("exp");
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_new_run_is_running_with_a_version_7_id_and_nothing_logged()
    {
        var response = await _client.Http.PostAsJsonAsync(
            "/api/training/runs", new { experiment = "exp", name = "first", tags = new Dictionary<string, string> { ["stage"] = "dev" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = run.GetProperty("id").GetGuid();
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/training/runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("exp", run.GetProperty("experiment").GetString());
        Assert.Equal("first", run.GetProperty("name").GetString());
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("endTime").ValueKind);
        Assert.Empty(run.GetProperty("params").EnumerateObject());
        Assert.Empty(run.GetProperty("metrics").EnumerateObject());

        var read = await _client.GetRunAsync(id.ToString());
        Assert.Equal(run.GetProperty("startTime").GetDateTimeOffset(), read.GetProperty("startTime").GetDateTimeOffset());
        Assert.Equal("dev", read.GetProperty("tags").GetProperty("stage").GetString());
    }

    [Fact]
    public async Task A_run_needs_a_live_experiment()
    {
        var response = await _client.Http.PostAsJsonAsync("/api/training/runs", new { experiment = "missing" });

        await TrackingClient.AssertInvalidAsync(response, "experiment", "no live experiment named 'missing'");
    }

    [Fact]
    public async Task Params_are_write_once_but_the_same_value_may_be_logged_again()
    {
        var run = await _client.CreateRunAsync("exp");
        await _client.LogAsync(run, new { @params = new[] { new { key = "trainer", value = "LightGbm" } } });
        await _client.LogAsync(run, new { @params = new[] { new { key = "trainer", value = "LightGbm" } } });

        var changed = await _client.LogBatchAsync(run, new
        {
            @params = new[] { new { key = "lr", value = "0.1" }, new { key = "trainer", value = "FastTree" } },
        });

        await TrackingClient.AssertInvalidAsync(changed, "params[1].value", "'trainer' was already logged with a different value");
        var stored = (await _client.GetRunAsync(run)).GetProperty("params");
        Assert.Equal("LightGbm", stored.GetProperty("trainer").GetString());
        Assert.False(stored.TryGetProperty("lr", out _));
    }

    [Fact]
    public async Task Metric_history_keeps_every_point_and_the_run_shows_the_latest_by_step_then_time()
    {
        var run = await _client.CreateRunAsync("exp");
        await _client.LogAsync(run, new
        {
            metrics = new object[]
            {
                new { key = "loss", value = 0.9, step = 0, timestamp = T0 },
                new { key = "loss", value = 0.5, step = 2, timestamp = T0.AddSeconds(2) },
                new { key = "loss", value = 0.7, step = 1, timestamp = T0.AddSeconds(5) },
            },
        });
        await _client.LogAsync(run, new
        {
            metrics = new object[]
            {
                new { key = "loss", value = 0.4, step = 2, timestamp = T0.AddSeconds(3) },
                new { key = "loss", value = 0.8, step = 1, timestamp = T0.AddSeconds(9) },
                new { key = "auc", value = 0.75 },
            },
        });

        var history = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{run}/metrics/loss/history");

        var points = history.GetProperty("points").EnumerateArray()
            .Select(p => (p.GetProperty("value").GetDouble(), p.GetProperty("step").GetInt64(), p.GetProperty("timestamp").GetDateTimeOffset()))
            .ToList();
        Assert.Equal(
            [(0.9, 0L, T0), (0.7, 1L, T0.AddSeconds(5)), (0.8, 1L, T0.AddSeconds(9)), (0.5, 2L, T0.AddSeconds(2)), (0.4, 2L, T0.AddSeconds(3))],
            points);
        var metrics = (await _client.GetRunAsync(run)).GetProperty("metrics");
        Assert.Equal(0.4, metrics.GetProperty("loss").GetDouble());
        Assert.Equal(0.75, metrics.GetProperty("auc").GetDouble());
        var none = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{run}/metrics/absent/history");
        Assert.Empty(none.GetProperty("points").EnumerateArray());
    }

    [Fact]
    public async Task Tags_can_be_set_changed_and_removed()
    {
        var run = await _client.CreateRunAsync("exp");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.PutAsJsonAsync($"/api/training/runs/{run}/tags/stage", new { value = "dev" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.PutAsJsonAsync($"/api/training/runs/{run}/tags/stage", new { value = "prod" })).StatusCode);
        Assert.Equal("prod", (await _client.GetRunAsync(run)).GetProperty("tags").GetProperty("stage").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync($"/api/training/runs/{run}/tags/stage")).StatusCode);

        Assert.Empty((await _client.GetRunAsync(run)).GetProperty("tags").EnumerateObject());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.DeleteAsync($"/api/training/runs/{run}/tags/stage")).StatusCode);
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PutAsJsonAsync($"/api/training/runs/{run}/tags/stage", new { value = new string('v', 8001) }),
            "value", "at most 8000");
    }

    [Fact]
    public async Task Keys_holding_a_slash_or_a_space_are_addressed_url_encoded()
    {
        var run = await _client.CreateRunAsync("exp");
        await _client.LogAsync(run, new { metrics = new[] { new { key = "val/loss", value = 0.3 }, new { key = "f1 score", value = 0.6 } } });

        var slash = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{run}/metrics/val%2Floss/history");
        var space = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{run}/metrics/f1%20score/history");
        Assert.Equal(0.3, Assert.Single(slash.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble());
        Assert.Equal(0.6, Assert.Single(space.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble());

        await _client.Http.PutAsJsonAsync($"/api/training/runs/{run}/tags/team%2Fowner", new { value = "ml" });
        Assert.Equal("ml", (await _client.GetRunAsync(run)).GetProperty("tags").GetProperty("team/owner").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync($"/api/training/runs/{run}/tags/team%2Fowner")).StatusCode);
    }

    [Fact]
    public async Task One_invalid_item_in_a_batch_stores_nothing()
    {
        var run = await _client.CreateRunAsync("exp");

        var response = await _client.LogBatchAsync(run, new
        {
            @params = new[] { new { key = "ok", value = "1" }, new { key = new string('k', 251), value = "2" } },
            metrics = new[] { new { key = "auc", value = 0.9 } },
            tags = new[] { new { key = "stage", value = "dev" } },
        });

        await TrackingClient.AssertInvalidAsync(response, "params[1].key", "at most 250");
        await AssertNothingLoggedAsync(run);
    }

    [Fact]
    public async Task A_batch_contradicting_a_stored_param_stores_none_of_its_metrics_or_tags()
    {
        var run = await _client.CreateRunAsync("exp");
        await _client.LogAsync(run, new { @params = new[] { new { key = "seed", value = "1" } } });

        var response = await _client.LogBatchAsync(run, new
        {
            @params = new[] { new { key = "fresh", value = "x" }, new { key = "seed", value = "2" } },
            metrics = new[] { new { key = "auc", value = 0.9 } },
            tags = new[] { new { key = "stage", value = "dev" } },
        });

        await TrackingClient.AssertInvalidAsync(response, "params[1].value", "'seed'");
        var stored = await _client.GetRunAsync(run);
        Assert.Equal(["seed"], stored.GetProperty("params").EnumerateObject().Select(p => p.Name));
        Assert.Empty(stored.GetProperty("metrics").EnumerateObject());
        Assert.Empty(stored.GetProperty("tags").EnumerateObject());
        var history = await _client.Http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{run}/metrics/auc/history");
        Assert.Empty(history.GetProperty("points").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"params":[{"key":"a","value":"VALUE6001"}]}""", "params[0].value", "at most 6000")]
    [InlineData("""{"params":[{"key":"a"}]}""", "params[0].value", "required")]
    [InlineData("""{"params":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}""", "params[1].value", "twice in the batch")]
    [InlineData("""{"tags":[{"key":"a","value":"VALUE8001"}]}""", "tags[0].value", "at most 8000")]
    [InlineData("""{"tags":[{"key":"bad\"key","value":"v"}]}""", "tags[0].key", "letters, digits")]
    [InlineData("""{"metrics":[{"key":"m"}]}""", "metrics[0].value", "finite number")]
    [InlineData("""{"metrics":[{"key":"","value":1}]}""", "metrics[0].key", "required")]
    [InlineData("""{"params":[{"key":"a","value":"nul\u0000"}]}""", "params[0].value", "\\u0000")]
    public async Task Invalid_batches_are_400s_naming_the_field(string body, string field, string expected)
    {
        var run = await _client.CreateRunAsync("exp");
        body = body.Replace("VALUE6001", new string('v', 6001), StringComparison.Ordinal)
            .Replace("VALUE8001", new string('v', 8001), StringComparison.Ordinal);

        var response = await _client.Http.PostAsync(
            $"/api/training/runs/{run}/log-batch", new StringContent(body, Encoding.UTF8, "application/json"));

        await TrackingClient.AssertInvalidAsync(response, field, expected);
        await AssertNothingLoggedAsync(run);
    }

    [Theory]
    [InlineData("""{"metrics":[{"key":"m","value":"NaN"}]}""")]
    [InlineData("""{"metrics":[{"key":"m","value":1e999}]}""")]
    [InlineData("""{"metrics":[{"key":"m","value":"Infinity"}]}""")]
    public async Task Non_finite_metric_values_are_refused(string body)
    {
        var run = await _client.CreateRunAsync("exp");

        var response = await _client.Http.PostAsync(
            $"/api/training/runs/{run}/log-batch", new StringContent(body, Encoding.UTF8, "application/json"));

        await TrackingClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await AssertNothingLoggedAsync(run);
    }

    [Fact]
    public async Task A_terminal_status_ends_the_run_and_running_reopens_it()
    {
        var run = await _client.CreateRunAsync("exp");
        var started = (await _client.GetRunAsync(run)).GetProperty("startTime").GetDateTimeOffset();

        var finished = await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "FINISHED" });

        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        var body = await finished.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("finished", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("endTime").GetDateTimeOffset() >= started);

        var explicitEnd = started.AddHours(1);
        var failed = await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "failed", endTime = explicitEnd });
        Assert.Equal(explicitEnd, (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endTime").GetDateTimeOffset());

        var reopened = await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "running" });
        Assert.Equal(JsonValueKind.Null, (await reopened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endTime").ValueKind);
    }

    [Fact]
    public async Task Invalid_status_changes_are_400s_naming_the_field()
    {
        var run = await _client.CreateRunAsync("exp");
        var started = (await _client.GetRunAsync(run)).GetProperty("startTime").GetDateTimeOffset();

        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "paused" }), "status", "one of running");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { endTime = started }), "status", "one of running");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "running", endTime = started }), "endTime", "no end time");
        await TrackingClient.AssertInvalidAsync(
            await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "killed", endTime = started.AddDays(-1) }),
            "endTime", "before the run's start");
        Assert.Equal("running", (await _client.GetRunAsync(run)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_deleted_run_is_read_only_until_restored()
    {
        var run = await _client.CreateRunAsync("exp");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Http.DeleteAsync($"/api/training/runs/{run}")).StatusCode);

        Assert.Equal("deleted", (await _client.GetRunAsync(run)).GetProperty("lifecycleStage").GetString());
        await TrackingClient.AssertProblemAsync(
            await _client.LogBatchAsync(run, new { tags = new[] { new { key = "a", value = "b" } } }), HttpStatusCode.Conflict);
        await TrackingClient.AssertProblemAsync(
            await _client.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "finished" }), HttpStatusCode.Conflict);

        var restored = await _client.Http.PostAsync($"/api/training/runs/{run}/restore", null);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("active", (await restored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lifecycleStage").GetString());
        await _client.LogAsync(run, new { tags = new[] { new { key = "a", value = "b" } } });
    }

    [Fact]
    public async Task Another_tenants_run_is_not_found()
    {
        var run = await _client.CreateRunAsync("exp");
        var other = new TrackingClient(_service.CreateClient("intruder"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/training/runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.LogBatchAsync(run, new { tags = new[] { new { key = "a", value = "b" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PatchAsJsonAsync($"/api/training/runs/{run}", new { status = "killed" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/training/runs/{run}/metrics/m/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PutAsJsonAsync($"/api/training/runs/{run}/tags/a", new { value = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync($"/api/training/runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/training/runs/{run}/restore", null)).StatusCode);
        await TrackingClient.AssertInvalidAsync(await other.Http.PostAsJsonAsync("/api/training/runs", new { experiment = "exp" }), "experiment", "no live experiment");
        Assert.Empty((await other.SearchAsync("")).Ids);

        var mine = await _client.GetRunAsync(run);
        Assert.Equal("active", mine.GetProperty("lifecycleStage").GetString());
        Assert.Empty(mine.GetProperty("tags").EnumerateObject());
    }

    [Fact]
    public async Task A_malformed_or_unknown_run_id_is_a_400_or_a_404()
    {
        await TrackingClient.AssertInvalidAsync(await _client.Http.GetAsync("/api/training/runs/not-a-guid"), "id", "GUID");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.GetAsync($"/api/training/runs/{Guid.CreateVersion7()}")).StatusCode);
    }

    private async Task AssertNothingLoggedAsync(string run)
    {
        var stored = await _client.GetRunAsync(run);
        Assert.Empty(stored.GetProperty("params").EnumerateObject());
        Assert.Empty(stored.GetProperty("metrics").EnumerateObject());
        Assert.Empty(stored.GetProperty("tags").EnumerateObject());
    }
}