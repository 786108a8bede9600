using System.Net;
using System.Net.Http.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

[Collection(PlatformCollection.Name)]
public sealed class RunSearchTests(PlatformServers servers) : IAsyncLifetime
{
    private TrainingService _service = null!;
    private TrackingClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = new TrainingService(servers);
        _client = new TrackingClient(_service.CreateClient());
        await _client.CreateExperimentAsync("search");
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task The_issue_example_finds_only_the_runs_matching_every_clause()
    {
        var match = await RunAsync("match", auc: 0.9, trainer: "LightGbm", stage: "prod");
        await RunAsync("low-auc", auc: 0.7, trainer: "LightGbm", stage: "prod");
        await RunAsync("other-trainer", auc: 0.95, trainer: "FastTree", stage: "prod");
        await RunAsync("excluded-stage", auc: 0.95, trainer: "LightGbm", stage: "x");
        await RunAsync("no-stage", auc: 0.95, trainer: "LightGbm", stage: null);
        await RunAsync("no-auc", auc: null, trainer: "LightGbm", stage: "prod");

        var (ids, next) = await SearchAsync("metrics.auc > 0.8 and params.trainer = 'LightGbm' and tags.stage != 'x'");

        Assert.Equal([match], ids);
        Assert.Null(next);
    }

    [Fact]
    public async Task Quoted_keys_like_and_attributes_filter_as_mlflow_does()
    {
        var a = await RunAsync("alpha-1", auc: 0.9, trainer: "LightGbmBinary", stage: "prod", extraMetric: ("f1 score", 0.6));
        var b = await RunAsync("beta-1", auc: 0.8, trainer: "lightgbm", stage: "dev", extraMetric: ("f1 score", 0.4));
        await _client.Http.PatchAsJsonAsync($"/api/training/runs/{b}", new { status = "finished" });

        Assert.Equal([a], (await SearchAsync("metrics.\"f1 score\" >= 0.5")).Ids);
        Assert.Equal([a], (await SearchAsync("metrics.`f1 score` > 0.5")).Ids);
        Assert.Equal([a], (await SearchAsync("params.trainer LIKE 'LightGbm%'")).Ids);
        Assert.Equal(2, (await SearchAsync("param.trainer ILIKE 'lightgbm%'")).Ids.Count);
        Assert.Equal([b], (await SearchAsync("attributes.status = 'FINISHED'")).Ids);
        Assert.Equal([a], (await SearchAsync("attribute.run_name LIKE 'alpha%' AND tag.stage = 'prod'")).Ids);
        Assert.Equal([b], (await SearchAsync($"attributes.run_id = '{b}'")).Ids);
        Assert.Equal([b], (await SearchAsync("attributes.end_time >= '2000-01-01T00:00:00Z'")).Ids);
        Assert.Equal(2, (await SearchAsync("attributes.start_time > 946684800000")).Ids.Count);
    }

    [Fact]
    public async Task Ordering_by_a_metric_puts_runs_without_it_last_in_both_directions()
    {
        var low = await RunAsync("low", auc: 0.6, trainer: "b", stage: "s");
        var none = await RunAsync("none", auc: null, trainer: "c", stage: "s");
        var high = await RunAsync("high", auc: 0.9, trainer: "a", stage: "s");

        Assert.Equal([high, low, none], (await SearchAsync(orderBy: "metrics.auc DESC")).Ids);
        Assert.Equal([low, high, none], (await SearchAsync(orderBy: "metrics.auc ASC")).Ids);
        Assert.Equal([high, low, none], (await SearchAsync(orderBy: "params.trainer")).Ids);
        Assert.Equal([high, none, low], (await SearchAsync(orderBy: "attributes.start_time DESC")).Ids);
        Assert.Equal([high, none, low], (await SearchAsync()).Ids);
        Assert.Equal([low, high, none], (await SearchAsync(orderBy: "tags.stage ASC, metrics.auc ASC")).Ids);
    }

    [Fact]
    public async Task Pages_follow_the_token_until_every_run_is_seen_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _client.CreateRunAsync("search", $"run-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "experiment=search&maxResults=2" + (token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}");
            (var ids, token) = await _client.SearchAsync(query);
            seen.AddRange(ids);
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task The_view_type_selects_live_deleted_or_all_runs()
    {
        var live = await _client.CreateRunAsync("search");
        var deleted = await _client.CreateRunAsync("search");
        await _client.Http.DeleteAsync($"/api/training/runs/{deleted}");

        Assert.Equal([live], (await _client.SearchAsync("experiment=search")).Ids);
        Assert.Equal([deleted], (await _client.SearchAsync("experiment=search&viewType=deleted")).Ids);
        Assert.Equal([deleted, live], (await _client.SearchAsync("experiment=search&viewType=all")).Ids);
    }

    [Theory]
    [InlineData("filter=metrics.auc > 0.8 or params.a = 'b'", "filter", "At position 18: only AND is supported")]
    [InlineData("filter=metrics.auc LIKE 'x'", "filter", "At position 12: LIKE compares strings")]
    [InlineData("filter=params.a = 'x", "filter", "At position 11: the string starting here is not closed")]
    [InlineData("orderBy=metrics.auc sideways", "orderBy", "At position 12: expected ASC, DESC")]
    [InlineData("maxResults=0", "maxResults", "between 1 and 1000")]
    [InlineData("maxResults=1001", "maxResults", "between 1 and 1000")]
    [InlineData("pageToken=bm9wZQ", "pageToken", "nextPageToken")]
    [InlineData("viewType=gone", "viewType", "active, deleted or all")]
    public async Task Malformed_searches_are_400s_saying_where_and_what(string query, string field, string expected)
    {
        var response = await _client.Http.GetAsync($"/api/training/runs?{query}");

        await TrackingClient.AssertInvalidAsync(response, field, expected);
    }

    [Fact]
    public async Task Searching_an_unknown_experiment_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.GetAsync("/api/training/runs?experiment=unknown")).StatusCode);
    }

    private Task<(List<string> Ids, string? NextPageToken)> SearchAsync(string? filter = null, string? orderBy = null) =>
        _client.SearchAsync(
            "experiment=search"
            + (filter is null ? "" : $"&filter={Uri.EscapeDataString(filter)}")
            + (orderBy is null ? "" : $"&orderBy={Uri.EscapeDataString(orderBy)}"));

    private async Task<string> RunAsync(
        string name, double? auc, string trainer, string? stage, (string Key, double Value)? extraMetric = null)
    {
        var run = await _client.CreateRunAsync("search", name);
        var metrics = new List<object>();
        if (auc is { } value)
        {
            metrics.Add(new { key = "auc", value });
        }

        if (extraMetric is { } extra)
        {
            metrics.Add(new { key = extra.Key, value = extra.Value });
        }

        var tags = new List<object>();
        if (stage is not null)
        {
            tags.Add(new { key = "stage", value = stage });
        }

        await _client.LogAsync(run, new { @params = new[] { new { key = "trainer", value = trainer } }, metrics, tags });
        return run;
    }
}