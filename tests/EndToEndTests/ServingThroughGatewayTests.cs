using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// A Pima model served through the gateway on the running system: answers, validation, the prediction log, a
/// promotion under load, canary and shadow traffic.
/// </summary>
public sealed class ServingThroughGatewayTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-serving-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Pima_is_served_validated_logged_swapped_under_load_and_split_by_canary_and_shadow()
    {
        // The load below runs faster than the gateway's default per-key rate limit allows.
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"),
            new Dictionary<string, string> { ["RateLimits__PermitsPerSecond"] = "100000", ["RateLimits__Burst"] = "100000" });
        using var client = system.CreateClient();
        var rows = await PimaRows.ReadAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes",
            new ByteArrayContent(await File.ReadAllBytesAsync(PimaRows.CsvPath)))).StatusCode);
        await TrainVersionAsync(client, "LightGbm", expectedVersion: 1);
        await PromoteAsync(client, 1);
        await WaitForServingAsync(client, model => model.GetProperty("championVersion").ValueKind == JsonValueKind.Number
            && model.GetProperty("championVersion").GetInt32() == 1 && model.GetProperty("status").GetString() == "loaded");

        var single = await PredictAsync(client, rows[0]);
        var one = Assert.Single(single.GetProperty("predictions").EnumerateArray());
        Assert.Equal(1, one.GetProperty("modelVersion").GetInt32());
        Assert.Equal("champion", one.GetProperty("route").GetString());
        Assert.Contains(one.GetProperty("label").GetString(), new[] { "neg", "pos" });
        var probabilities = one.GetProperty("probabilities");
        Assert.Equal(1.0, probabilities.GetProperty("neg").GetDouble() + probabilities.GetProperty("pos").GetDouble(), 3);
        Assert.Equal(7, Guid.Parse(one.GetProperty("predictionId").GetString()!).Version);

        var batchRows = Enumerable.Range(0, 1000).Select(i => rows[i % rows.Count]).ToList();
        var batch = (await PredictAsync(client, new JsonObject { ["rows"] = new JsonArray([.. batchRows.Select(row => row.DeepClone())]) }))
            .GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(1000, batch.Count);
        Assert.Equal(1000, batch.Select(prediction => prediction.GetProperty("predictionId").GetString()).Distinct().Count());
        foreach (var i in new[] { 0, 1, 500, 999 })
        {
            var alone = (await PredictAsync(client, batchRows[i])).GetProperty("predictions")[0];
            Assert.Equal(alone.GetProperty("probabilities").GetProperty("pos").GetDouble(), batch[i].GetProperty("probabilities").GetProperty("pos").GetDouble(), 6);
        }

        await AssertLoggedAsync(client, 1 + 1000 + 4, TimeSpan.FromSeconds(5));

        var invalid = new JsonObject
        {
            ["rows"] = new JsonArray(
                Without(rows[1], "glucose"),
                With(rows[2], "mass", JsonValue.Create("heavy")),
                With(rows[3], "age", JsonValue.Create("NaN"))),
        };
        using (var refused = await client.PostAsJsonAsync("/api/inference/models/pima/predict", invalid))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(error => error.Name).ToList();
            Assert.Contains(errors, name => name.Contains("[0]", StringComparison.Ordinal) && name.EndsWith("glucose", StringComparison.Ordinal));
            Assert.Contains(errors, name => name.Contains("[1]", StringComparison.Ordinal) && name.EndsWith("mass", StringComparison.Ordinal));
            Assert.Contains(errors, name => name.Contains("[2]", StringComparison.Ordinal) && name.EndsWith("age", StringComparison.Ordinal));
        }

        await TrainVersionAsync(client, "FastTree", expectedVersion: 2);
        var load = await RunLoadAsync(client, rows, TimeSpan.FromSeconds(30), promoteAfter: TimeSpan.FromSeconds(10), promote: () => PromoteAsync(client, 2));
        Assert.Empty(load.Failures);
        Assert.True(load.Completed.Count / 30.0 >= 500, $"{load.Completed.Count / 30.0:F0} requests/s");
        Assert.Equal(1, load.Completed.First().Version);
        Assert.All(load.Completed.TakeLast(1000), response => Assert.Equal(2, response.Version));
        await AssertLoggedAsync(client, 1 + 1000 + 4 + load.Completed.Count, TimeSpan.FromSeconds(15));

        await SetChallengerAsync(client, 1);
        await SetDeploymentAsync(client, "canary", 0.2);
        await WaitForServingAsync(client, model => model.GetProperty("mode").GetString() == "canary");
        var canary = await RunRequestsAsync(client, rows, 10_000, routingKey: null);
        var challengerShare = canary.Count(response => response.Route == "challenger") / 10_000.0;
        Assert.InRange(challengerShare, 0.18, 0.22);
        Assert.All(canary.Where(response => response.Route == "challenger"), response => Assert.Equal(1, response.Version));
        for (var key = 0; key < 40; key++)
        {
            var routes = (await RunRequestsAsync(client, rows, 5, routingKey: $"customer-{key}")).Select(response => response.Route).Distinct();
            Assert.Single(routes);
        }

        await SetDeploymentAsync(client, "shadow", 0);
        await WaitForServingAsync(client, model => model.GetProperty("mode").GetString() == "shadow");
        var shadowed = await RunRequestsAsync(client, rows, 300, routingKey: null);
        Assert.All(shadowed, response => Assert.Equal(("champion", 2), (response.Route, response.Version)));
        await Eventually(async () =>
        {
            var report = await StatisticsAsync(client);
            var shadow = report.GetProperty("total").GetProperty("shadow");
            return shadow.GetProperty("perRoute").TryGetProperty("shadow", out var count) && count.GetInt64() >= 300;
        }, "the challenger's shadow rows are in the prediction log", TimeSpan.FromSeconds(15));
    }

    private static JsonObject Without(JsonObject row, string field)
    {
        var copy = row.DeepClone().AsObject();
        copy.Remove(field);
        return copy;
    }

    private static JsonObject With(JsonObject row, string field, JsonNode value)
    {
        var copy = row.DeepClone().AsObject();
        copy[field] = value;
        return copy;
    }

    private static async Task TrainVersionAsync(HttpClient client, string trainer, int expectedVersion)
    {
        var job = await TrainingJobs.TrainPimaAsync(client, trainer, JobTimeout);
        Assert.Equal(expectedVersion, job.GetProperty("result").GetProperty("registeredVersion").GetInt32());
    }

    private static async Task PromoteAsync(HttpClient client, int version)
    {
        using var response = await client.PostAsJsonAsync("/api/registry/models/pima/promote", new { version, reason = "end-to-end" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task SetChallengerAsync(HttpClient client, int version)
    {
        using var response = await client.PutAsJsonAsync("/api/registry/models/pima/aliases/challenger", new { version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task SetDeploymentAsync(HttpClient client, string mode, double challengerTraffic)
    {
        using var response = await client.PutAsJsonAsync("/api/registry/models/pima/deployment", new { mode, challengerTraffic });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task WaitForServingAsync(HttpClient client, Func<JsonElement, bool> condition) => Eventually(async () =>
    {
        var models = await client.GetFromJsonAsync<JsonElement>("/api/inference/models");
        return models.EnumerateArray().Any(model => model.GetProperty("name").GetString() == "pima" && condition(model));
    }, "inference serves the deployment", TimeSpan.FromSeconds(60));

    private static async Task<JsonElement> PredictAsync(HttpClient client, JsonNode body)
    {
        using var response = await client.PostAsJsonAsync("/api/inference/models/pima/predict", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> StatisticsAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/telemetry/statistics?model=pima&interval=day");

    private static Task AssertLoggedAsync(HttpClient client, long served, TimeSpan within) => Eventually(async () =>
    {
        var report = await StatisticsAsync(client);
        return report.GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64() == served;
    }, $"{served} served predictions in the prediction log", within);

    private static async Task<List<Answer>> RunRequestsAsync(HttpClient client, List<JsonObject> rows, int count, string? routingKey)
    {
        var answers = new ConcurrentBag<Answer>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inference/models/pima/predict") { Content = JsonContent.Create(rows[i % rows.Count]) };
                if (routingKey is not null)
                {
                    request.Headers.Add("X-Routing-Key", routingKey);
                }

                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
                answers.Add(new Answer(prediction.GetProperty("modelVersion").GetInt32(), prediction.GetProperty("route").GetString()!, DateTime.UtcNow));
            }
        }));
        return [.. answers];
    }

    private static async Task<LoadResult> RunLoadAsync(
        HttpClient client, List<JsonObject> rows, TimeSpan duration, TimeSpan promoteAfter, Func<Task> promote)
    {
        var completed = new ConcurrentQueue<Answer>();
        var failures = new ConcurrentQueue<string>();
        var stopAt = DateTime.UtcNow + duration;
        var promotion = Task.Delay(promoteAfter).ContinueWith(_ => promote()).Unwrap();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            var i = worker;
            while (DateTime.UtcNow < stopAt)
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/inference/models/pima/predict", rows[i++ % rows.Count]);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }

                    var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
                    completed.Enqueue(new Answer(prediction.GetProperty("modelVersion").GetInt32(), prediction.GetProperty("route").GetString()!, DateTime.UtcNow));
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        }));
        await promotion;
        return new LoadResult([.. completed.OrderBy(answer => answer.At)], [.. failures]);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {within}: {what}");
            await Task.Delay(200);
        }
    }

    private sealed record Answer(int Version, string Route, DateTime At);

    private sealed record LoadResult(IReadOnlyList<Answer> Completed, IReadOnlyList<string> Failures);
}