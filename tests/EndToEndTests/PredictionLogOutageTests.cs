using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// The broker taken away for 30 s while a model serves under load: no prediction goes missing from the log or from
/// monitoring's counts, and ground truth posted before its prediction reached the log is joined and counted in the
/// live accuracy of both.
/// </summary>
public sealed class PredictionLogOutageTests() : OwnServersTest("log-outage")
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_prediction_served_through_a_broker_outage_is_logged_and_early_feedback_is_joined()
    {
        await using var system = await AspireSystem.StartAsync(Path.Combine(Root, "system"), FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"),
            ServersEnvironment(("RateLimits__PermitsPerSecond", "100000"), ("RateLimits__Burst", "100000")));
        using var client = system.CreateClient();
        var csv = await File.ReadAllBytesAsync(PimaRows.CsvPath);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv))).StatusCode);
        var job = await TrainingJobs.TrainAsync(client, new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "LightGbm" },
            search = new { trials = 1 },
            folds = 2,
        }, TimeSpan.FromMinutes(5));
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        using (var promoted = await client.PostAsJsonAsync("/api/registry/models/pima/promote", new { version = 1 }))
        {
            Assert.True(promoted.IsSuccessStatusCode, await promoted.Content.ReadAsStringAsync());
        }

        await Until(async () => (await ModelAsync(client))?.GetProperty("status").GetString() == "loaded", "pima is served", TimeSpan.FromSeconds(60));
        var rows = await PimaRows.ReadAsync();

        var served = new ConcurrentQueue<(Guid Id, string Label, bool DuringOutage)>();
        var failures = new ConcurrentQueue<string>();
        var outage = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            var i = worker;
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsJsonAsync("/api/inference/models/pima/predict", rows[i++ % rows.Count]);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
                served.Enqueue((prediction.GetProperty("predictionId").GetGuid(), prediction.GetProperty("label").GetString()!, Volatile.Read(ref outage) == 1));
            }
        }));

        await Task.Delay(TimeSpan.FromSeconds(5));
        await Broker.StopAsync();
        Volatile.Write(ref outage, 1);
        await Task.Delay(Outage);
        var early = served.Where(prediction => prediction.DuringOutage).Take(100).ToList();
        Assert.Equal(100, early.Count);
        var feedback = early.Select((prediction, i) => new { predictionId = prediction.Id, actual = i < 70 ? prediction.Label : Other(prediction.Label) });
        using (var posted = await client.PostAsJsonAsync("/api/telemetry/feedback", feedback))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.All((await posted.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
                item => Assert.Equal("pending", item.GetProperty("status").GetString()));
        }

        Volatile.Write(ref outage, 0);
        await Broker.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await load;

        Assert.Empty(failures);
        Assert.True(served.Count(prediction => prediction.DuringOutage) > 1000, $"{served.Count(prediction => prediction.DuringOutage)} served during the outage");
        JsonElement report = default;
        await Until(async () =>
        {
            report = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/statistics?model=pima&interval=hour");
            return report.GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64() >= served.Count
                && report.GetProperty("total").GetProperty("served").GetProperty("labelled").GetInt64() == 100;
        }, $"{served.Count} predictions and 100 labels in the log", TimeSpan.FromMinutes(3));

        Assert.Equal(served.Count, report.GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64());
        var hours = report.GetProperty("buckets").EnumerateArray().Select(bucket => bucket.GetProperty("served")).ToList();
        Assert.Equal(100, hours.Sum(hour => hour.GetProperty("labelled").GetInt64()));
        var correct = hours.Where(hour => hour.GetProperty("labelled").GetInt64() > 0)
            .Sum(hour => hour.GetProperty("accuracy").GetDouble() * hour.GetProperty("labelled").GetInt64());
        Assert.Equal(70, correct, 6);
        Assert.Equal(0, (await ModelAsync(client))!.Value.GetProperty("droppedLogRows").GetInt64());

        // Monitoring counted every logged row into its bins and kept every label, through the same outage.
        JsonElement check = default;
        await Until(async () =>
        {
            using var response = await client.PostAsJsonAsync("/api/monitoring/models/pima/drift-checks", new { version = 1 });
            check = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.IsSuccessStatusCode && check.GetProperty("rows").GetInt64() >= served.Count
                && check.GetProperty("concept").GetProperty("labelledRows").GetInt64() == 100;
        }, $"{served.Count} rows and 100 labels counted by monitoring", TimeSpan.FromMinutes(2));
        Assert.Equal(served.Count, check.GetProperty("rows").GetInt64());
        Assert.All(check.GetProperty("features").EnumerateArray(), feature => Assert.Equal(served.Count,
            feature.GetProperty("current").EnumerateArray().Sum(count => count.GetInt64()) + feature.GetProperty("currentMissing").GetInt64()));
        Assert.Equal(0.7, check.GetProperty("concept").GetProperty("live").GetDouble(), 9);
    }

    private static string Other(string label) => label == "pos" ? "neg" : "pos";

    private static async Task<JsonElement?> ModelAsync(HttpClient client)
    {
        var models = await client.GetFromJsonAsync<JsonElement>("/api/inference/models");
        return models.EnumerateArray().Where(model => model.GetProperty("name").GetString() == "pima").Select(model => (JsonElement?)model).FirstOrDefault();
    }

    private static async Task Until(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {within}: {what}");
            await Task.Delay(500);
        }
    }
}