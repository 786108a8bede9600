using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Telemetry;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Jobs;

/// <summary>A job that appends a model's labelled production rows, read from the real telemetry service, to its dataset.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ProductionDataTests(PlatformServers servers)
{
    [Fact]
    public async Task Labelled_production_rows_since_a_time_are_appended_and_counted_in_every_trials_dataset_param()
    {
        await using var telemetry = await TelemetryService.CreateAsync(servers);
        var telemetryUrl = telemetry.ListenOnLoopback();
        await using var training = new TrainingService(servers, new Dictionary<string, string?>
        {
            ["Training:PollInterval"] = "00:00:00.200",
            ["services:telemetry-service:http:0"] = telemetryUrl.ToString().TrimEnd('/'),
        });
        using var client = training.CreateClient();
        using var production = telemetry.CreateClient();
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes",
            new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))))).StatusCode);

        var header = lines[0].Split(',').Select(name => name.Trim('"')).ToArray();
        var since = DateTimeOffset.UtcNow.AddMinutes(-30);
        var served = lines.Skip(1).Take(60).Select((line, i) =>
        {
            var cells = line.Split(',');
            var inputs = header.Select((name, column) => (name, column)).Where(pair => pair.name != "diabetes")
                .ToDictionary(pair => pair.name, pair => double.Parse(cells[pair.column].Trim('"'), CultureInfo.InvariantCulture));
            return new
            {
                predictionId = Guid.CreateVersion7(),
                model = "pima",
                version = 1,
                route = "champion",
                inputs,
                label = "neg",
                probabilities = new Dictionary<string, double> { ["neg"] = 0.6, ["pos"] = 0.4 },
                latencyMs = 1.5,
                servedAt = i < 20 ? since.AddMinutes(-10) : since.AddMinutes(5),
                actual = cells[Array.IndexOf(header, "diabetes")].Trim('"'),
            };
        }).ToList();
        Assert.Equal(HttpStatusCode.Accepted, (await TelemetryService.PostPredictionsAsync(production, served.Select(row => (object)new
        {
            row.predictionId,
            row.model,
            row.version,
            row.route,
            row.inputs,
            row.label,
            row.probabilities,
            row.latencyMs,
            row.servedAt,
        }))).StatusCode);
        foreach (var chunk in served.Chunk(TelemetryService.MaxFeedbackPerRequest))
        {
            var answer = await TelemetryService.PostFeedbackAsync(production, chunk.Select(row => new { row.predictionId, row.actual }));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var submitted = await client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "LightGbm" },
            search = new { trials = 2 },
            folds = 2,
            thresholds = new { auc = 0.999 },
            includeProduction = new { model = "pima", since },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        JsonElement job = default;
        await Eventually.HoldsAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
            return job.GetProperty("status").GetString() is not ("queued" or "running");
        }, "the job ended", TimeSpan.FromMinutes(2));

        Assert.True(job.GetProperty("status").GetString() == "rejected", job.ToString());
        var runs = (await client.GetFromJsonAsync<JsonElement>(
            $"/api/training/runs?experiment=pima&filter={Uri.EscapeDataString($"tags.`mlops.job` = '{id}'")}")).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, run => Assert.Equal("pima@1+production:pima(40 rows)", run.GetProperty("params").GetProperty("dataset").GetString()));
    }
}