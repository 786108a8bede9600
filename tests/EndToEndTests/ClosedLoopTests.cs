using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// The loop from a changed world to a new champion on the running system, for three models of the same world at once:
/// one that heals itself (auto-retrain and auto-promote), one whose challenger must wait for a human (auto-promote
/// off), and one whose world never changes (no alert may open).
/// </summary>
public sealed class ClosedLoopTests : IDisposable
{
    private const string Healing = "healing";
    private const string Manual = "manual";
    private const string Calm = "calm";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-loop-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_changed_world_is_detected_retrained_on_production_data_and_the_better_challenger_promoted_without_a_human_step()
    {
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"),
            new Dictionary<string, string>
            {
                ["RateLimits__PermitsPerSecond"] = "100000",
                ["RateLimits__Burst"] = "100000",
                // Short buckets, so a window of seconds holds only the traffic of those seconds.
                ["Monitoring__Bucket"] = "00:00:02",
                ["Monitoring__SchedulerPollInterval"] = "00:00:01",
            });
        using var client = system.CreateClient();
        using (var upload = await client.PostAsync("/api/training/datasets/world?label=label",
            new StringContent(WorldSimulation.TrainingCsv(2000, seed: 1), Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        foreach (var model in new[] { Healing, Manual, Calm })
        {
            await TrainAndPromoteAsync(client, model);
            await SetPolicyAsync(client, model, autoPromote: model != Manual);
        }

        await Eventually(async () => (await ServedAsync(client)).Count(model => model.Champion == 1) == 3, "inference serves the three models");

        var seed = 10;
        var traffic = new[] { Healing, Manual, Calm }.ToDictionary(
            model => model, model => new WorldTraffic(client, model, seed++, rowsPerBatch: 20, TimeSpan.FromMilliseconds(250)));
        try
        {
            await WatchTheLoopAsync(client, traffic);
        }
        finally
        {
            foreach (var generator in traffic.Values)
            {
                await generator.DisposeAsync();
            }
        }
    }

    private static async Task WatchTheLoopAsync(HttpClient client, Dictionary<string, WorldTraffic> traffic)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        foreach (var model in new[] { Healing, Manual, Calm })
        {
            var reports = await ReportsAsync(client, model);
            Assert.Contains(reports, report => !report.GetProperty("dataset").GetProperty("insufficientData").GetBoolean());
            Assert.DoesNotContain(reports, report => report.GetProperty("dataset").GetProperty("drifted").GetBoolean() || report.GetProperty("concept").GetProperty("drifted").GetBoolean());
        }

        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/monitoring/alerts")).EnumerateArray());

        var loop = Stopwatch.StartNew();
        traffic[Healing].Changed = true;
        traffic[Manual].Changed = true;
        await Eventually(async () => (await ServedAsync(client)).Single(model => model.Name == Healing).Champion == 2,
            "inference serves the healed model's version 2", TimeSpan.FromMinutes(3));
        var healed = loop.Elapsed;
        await Eventually(async () => (await AuditAsync(client, Manual)).Any(entry => entry.Action == "challenger_kept"),
            "the manual model's challenger compared and kept", TimeSpan.FromMinutes(2));
        await Eventually(() => Task.FromResult(traffic[Healing].AnswersPerVersion.GetValueOrDefault(2) > 0), "version 2 answering");
        foreach (var generator in traffic.Values)
        {
            await generator.StopAsync();
        }

        Assert.True(healed < TimeSpan.FromMinutes(3), $"healed in {healed}");
        foreach (var (model, generator) in traffic)
        {
            Assert.True(generator.Failures.Count == 0, $"{model}: {string.Join("\n", generator.Failures.Take(5))}");
        }

        var chain = await AuditAsync(client, Healing);
        var opened = chain.First(entry => entry.Action == "alert_opened");
        var requested = Assert.Single(chain, entry => entry.Action == "retrain_requested");
        var registered = Assert.Single(chain, entry => entry.Action == "challenger_registered");
        var evaluated = Assert.Single(chain, entry => entry.Action == "challenger_evaluated");
        var promoted = Assert.Single(chain, entry => entry.Action == "promoted");
        Assert.Equal([requested.Retrain, requested.Retrain, requested.Retrain], new[] { registered.Retrain, evaluated.Retrain, promoted.Retrain });
        Assert.Contains(chain, entry => entry.Action == "alert_opened" && entry.Alert == requested.Alert);
        Assert.All(new[] { registered, evaluated, promoted }, entry =>
        {
            Assert.Equal(requested.Alert, entry.Alert);
            Assert.Equal(requested.Report, entry.Report);
            Assert.Equal(2, entry.Version);
            Assert.NotNull(entry.Job);
        });
        Assert.True(opened.Id < requested.Id && requested.Id < registered.Id && registered.Id < evaluated.Id && evaluated.Id < promoted.Id);

        var report = await client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{Healing}/drift-checks/{requested.Report}");
        Assert.True(report.GetProperty("dataset").GetProperty("drifted").GetBoolean() || report.GetProperty("concept").GetProperty("drifted").GetBoolean());
        var shifted = report.GetProperty("features").EnumerateArray().Where(feature => feature.GetProperty("drifted").GetBoolean())
            .Select(feature => feature.GetProperty("name").GetString()).ToHashSet();
        Assert.Subset(new HashSet<string?> { "x1", "x2" }, shifted);
        var checks = await ReportsAsync(client, Healing);
        Assert.True(checks.Any(report => report.GetProperty("concept").GetProperty("drifted").GetBoolean()),
            "a report showed the fall in accuracy: " + string.Join("\n", checks.Select(report => $"v{report.GetProperty("version")} {report.GetProperty("concept")}")));

        var job = await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{registered.Job}");
        var comparison = job.GetProperty("result").GetProperty("comparison");
        Assert.True(comparison.GetProperty("margin").GetDouble() >= 0.05, comparison.ToString());
        Assert.Equal(1, comparison.GetProperty("championVersion").GetInt32());
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/registry/models/{Healing}/history");
        Assert.Contains(history.EnumerateArray(), entry => entry.ToString().Contains(requested.Retrain.ToString()!, StringComparison.Ordinal));

        var manual = (await ServedAsync(client)).Single(model => model.Name == Manual);
        Assert.Equal(1, manual.Champion);
        Assert.Equal(2, manual.Challenger);
        Assert.Contains(await AuditAsync(client, Manual), entry => entry.Action == "challenger_evaluated");
        Assert.DoesNotContain(await AuditAsync(client, Manual), entry => entry.Action == "promoted");

        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/monitoring/alerts?model={Calm}")).EnumerateArray());
        Assert.Equal(1, (await ServedAsync(client)).Single(model => model.Name == Calm).Champion);

        var health = await client.GetFromJsonAsync<JsonElement>("/api/monitoring/health?seconds=60");
        var models = health.GetProperty("models").EnumerateArray().ToDictionary(model => model.GetProperty("model").GetString()!);
        Assert.Equal("healthy", models[Calm].GetProperty("status").GetString());
        Assert.True(models[Calm].GetProperty("predictionsPerSecond").GetDouble() > 10, models[Calm].ToString());
        Assert.Equal("degraded", models[Manual].GetProperty("status").GetString());
        Assert.Contains("alert", models[Manual].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.All(health.GetProperty("services").EnumerateArray(), service => Assert.Equal("healthy", service.GetProperty("status").GetString()));
    }

    private static async Task TrainAndPromoteAsync(HttpClient client, string model)
    {
        var job = await TrainingJobs.TrainAsync(client, new
        {
            model,
            dataset = new { name = "world" },
            trainers = new[] { "LightGbm" },
            search = new { trials = 1 },
            folds = 2,
        }, JobTimeout);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        using var promoted = await client.PostAsJsonAsync($"/api/registry/models/{model}/promote", new { version = 1, reason = "first model" });
        Assert.True(promoted.IsSuccessStatusCode, await promoted.Content.ReadAsStringAsync());
    }

    private static async Task SetPolicyAsync(HttpClient client, string model, bool autoPromote)
    {
        using var response = await client.PutAsJsonAsync($"/api/monitoring/models/{model}/policy", new
        {
            autoRetrain = true,
            autoPromote,
            minLabeledRows = 1000,
            checkIntervalSeconds = 3,
            windowSeconds = 30,
            cooldownSeconds = 600,
            maxRetrainsPerDay = 4,
            promotionMargin = 0.05,
            // Evidently's thresholds are made for windows of a thousand rows and more: at ~80 rows/s, 30 s hold ~2,400.
            minimumRows = 1000,
            conceptMinLabeledRows = 100,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed record Served(string Name, int? Champion, int? Challenger);

    private static async Task<List<Served>> ServedAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/inference/models")).EnumerateArray().Select(model => new Served(
            model.GetProperty("name").GetString()!, Version(model.GetProperty("championVersion")), Version(model.GetProperty("challengerVersion"))))];

    private static int? Version(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private sealed record Entry(long Id, string Action, Guid? Alert, Guid? Report, Guid? Retrain, Guid? Job, int? Version);

    private static async Task<List<Entry>> AuditAsync(HttpClient client, string model) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{model}/audit")).EnumerateArray().Select(entry => new Entry(
            entry.GetProperty("id").GetInt64(), entry.GetProperty("action").GetString()!, Id(entry, "alertId"), Id(entry, "reportId"),
            Id(entry, "retrainId"), Id(entry, "jobId"), Version(entry.GetProperty("version"))))];

    private static Guid? Id(JsonElement entry, string name) =>
        entry.GetProperty(name).ValueKind == JsonValueKind.String ? entry.GetProperty(name).GetGuid() : null;

    private static async Task<List<JsonElement>> ReportsAsync(HttpClient client, string model) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/{model}/drift-checks?limit=100")).EnumerateArray()];

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {within}: {what}");
            await Task.Delay(500);
        }
    }
}