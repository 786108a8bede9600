using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.ComponentTests.Telemetry;
using MlOps.ComponentTests.Training;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Jobs;

/// <summary>
/// A retrain request against real registry and telemetry services: the champion's job runs again with part of the
/// labelled production rows held out, and the new version, made challenger, is compared with the champion on them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RetrainJobTests(PlatformServers servers)
{
    [Fact]
    public async Task A_retrain_registers_a_challenger_compared_with_the_champion_on_held_out_production_rows()
    {
        await using var registry = new RegistryService(servers, maxPackageBytes: 100_000_000, maxInflatedBytes: 500_000_000);
        var registryUrl = registry.ListenOnLoopback();
        await using var telemetry = await TelemetryService.CreateAsync(servers);
        var telemetryUrl = telemetry.ListenOnLoopback();
        // A virtual host of its own: a bus of an earlier test's host that is still stopping cannot take these messages.
        var messaging = await servers.RabbitMq.AddVirtualHostAsync($"training-{Guid.NewGuid():N}");
        await using var training = new TrainingService(servers, new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = messaging,
            ["Training:PollInterval"] = "00:00:00.200",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["services:registry-service:http:0"] = registryUrl.ToString().TrimEnd('/'),
            ["services:telemetry-service:http:0"] = telemetryUrl.ToString().TrimEnd('/'),
        });
        await using var tap = await BrokerTap.StartAsync(messaging, typeof(TrainingJobFinished));
        using var client = training.CreateClient();
        using var registryClient = registry.CreateClient(tenant: "default");
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes",
            new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))))).StatusCode);

        var submitted = await client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "FastForest" },
            search = new { trials = 2 },
            folds = 2,
            thresholds = new { auc = 0.6 },
        });
        var first = await FinishedAsync(client, (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.True(first.GetProperty("status").GetString() == "succeeded", first.ToString());
        Assert.Equal(HttpStatusCode.OK, (await registryClient.PutAsJsonAsync(
            "/api/registry/models/pima/aliases/champion", new { version = 1, reason = "first" })).StatusCode);
        await LogProductionAsync(telemetry, lines, rows: 60);

        var request = new RetrainRequested("pima", "accuracy dropped", null, null, null, DateTimeOffset.UtcNow, "default", RequestId: Guid.NewGuid());
        await training.ConsumingAsync();
        await training.Bus.Publish(request);
        JsonElement retrain = default;
        await Eventually.HoldsAsync(async () =>
        {
            var jobs = await client.GetFromJsonAsync<JsonElement>("/api/training/jobs?model=pima");
            retrain = jobs.EnumerateArray().FirstOrDefault(job => job.GetProperty("spec").TryGetProperty("retrain", out var details)
                && details.ValueKind == JsonValueKind.Object);
            return retrain.ValueKind == JsonValueKind.Object;
        }, "the retrain job queued");
        retrain = await FinishedAsync(client, retrain.GetProperty("id").GetGuid());

        Assert.True(retrain.GetProperty("status").GetString() == "succeeded", retrain.ToString());
        var result = retrain.GetProperty("result");
        Assert.Equal(2, result.GetProperty("registeredVersion").GetInt32());
        var comparison = result.GetProperty("comparison");
        Assert.Equal(("accuracy", 1, 2, 18), (comparison.GetProperty("metric").GetString(), comparison.GetProperty("championVersion").GetInt32(),
            comparison.GetProperty("challengerVersion").GetInt32(), comparison.GetProperty("rows").GetInt32()));
        Assert.Equal(comparison.GetProperty("challengerValue").GetDouble() - comparison.GetProperty("championValue").GetDouble(),
            comparison.GetProperty("margin").GetDouble(), 12);
        Assert.InRange(comparison.GetProperty("pValue").GetDouble(), 0, 1);

        var runs = (await client.GetFromJsonAsync<JsonElement>(
            $"/api/training/runs?experiment=pima&filter={Uri.EscapeDataString($"tags.`mlops.job` = '{retrain.GetProperty("id").GetGuid()}'")}"))
            .GetProperty("runs").EnumerateArray().ToList();
        Assert.All(runs, run => Assert.Equal("pima@1+production:pima(42 rows, 18 held out)", run.GetProperty("params").GetProperty("dataset").GetString()));

        var version = await registryClient.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/versions/2");
        Assert.Contains("challenger", version.GetProperty("aliases").EnumerateArray().Select(alias => alias.GetString()));
        var tagged = JsonSerializer.Deserialize<JsonElement>(version.GetProperty("tags").GetProperty("comparison").GetString()!);
        Assert.Equal(comparison.GetProperty("margin").GetDouble(), tagged.GetProperty("margin").GetDouble());

        JsonElement finished = default;
        await Eventually.HoldsAsync(async () =>
        {
            finished = (await tap.ReceivedAsync<TrainingJobFinished>()).FirstOrDefault(message =>
                message.TryGetProperty("retrainRequestId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == request.RequestId);
            return finished.ValueKind == JsonValueKind.Object;
        }, "the retrain's TrainingJobFinished published");
        Assert.Equal(("succeeded", 2, 18), (finished.GetProperty("status").GetString(), finished.GetProperty("registeredVersion").GetInt32(),
            finished.GetProperty("comparison").GetProperty("rows").GetInt32()));
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient client, Guid id)
    {
        JsonElement job = default;
        await Eventually.HoldsAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
            return job.GetProperty("status").GetString() is not ("queued" or "running");
        }, $"job {id} ended", TimeSpan.FromMinutes(3));
        return job;
    }

    /// <summary>Logs the first <paramref name="rows"/> of the dataset as served predictions of pima and gives each its label.</summary>
    private static async Task LogProductionAsync(TelemetryService telemetry, string[] lines, int rows)
    {
        using var production = telemetry.CreateClient();
        var header = lines[0].Split(',').Select(name => name.Trim('"')).ToArray();
        var label = Array.IndexOf(header, "diabetes");
        var served = lines.Skip(1).Take(rows).Select(line =>
        {
            var cells = line.Split(',').Select(cell => cell.Trim('"')).ToArray();
            var inputs = header.Select((name, column) => (name, column)).Where(pair => pair.column != label)
                .ToDictionary(pair => pair.name, pair => double.Parse(cells[pair.column], CultureInfo.InvariantCulture));
            return (PredictionId: Guid.CreateVersion7(), Inputs: inputs, Actual: cells[label]);
        }).ToList();
        Assert.Equal(HttpStatusCode.Accepted, (await TelemetryService.PostPredictionsAsync(production, served.Select(row => (object)new
        {
            predictionId = row.PredictionId,
            model = "pima",
            version = 1,
            route = "champion",
            inputs = row.Inputs,
            label = "neg",
            probabilities = new Dictionary<string, double> { ["neg"] = 0.6, ["pos"] = 0.4 },
            latencyMs = 1.5,
            servedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        }))).StatusCode);
        foreach (var chunk in served.Chunk(TelemetryService.MaxFeedbackPerRequest))
        {
            var answer = await TelemetryService.PostFeedbackAsync(production, chunk.Select(row => new { predictionId = row.PredictionId, actual = row.Actual }));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }
}