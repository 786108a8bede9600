using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>A user's path on the running system: upload Pima, train with the default search, get a registered model.</summary>
public sealed class TrainingThroughGatewayTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-training-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Pima_trains_to_the_quality_bar_registers_version_1_and_a_strict_gate_registers_nothing()
    {
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"));
        using var client = system.CreateClient();
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "pima-diabetes.csv"));

        var first = await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv));
        var again = await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var job = await TrainingJobs.TrainAsync(client, new { model = "pima", dataset = new { name = "pima" }, search = new { strategy = "random", trials = 12 }, folds = 5 }, JobTimeout);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal(1, result.GetProperty("registeredVersion").GetInt32());
        var crossValidatedAuc = result.GetProperty("crossValidated").GetProperty("auc").GetDouble();
        Assert.True(crossValidatedAuc >= 0.83, $"cross-validated AUC {crossValidatedAuc}");

        var runs = await TrainingJobs.RunsOfAsync(client, "pima", job);
        Assert.Equal(12, runs.Length);
        Assert.All(runs, run => Assert.True(run.GetProperty("params").TryGetProperty("trainer", out _), run.ToString()));

        var version = await client.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/versions/1");
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.True(version.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.7);

        var gated = await TrainingJobs.TrainAsync(client, new
        {
            model = "pima",
            dataset = new { name = "pima" },
            search = new { trials = 2 },
            folds = 3,
            thresholds = new { auc = 0.99 },
        }, JobTimeout);
        Assert.Equal("rejected", gated.GetProperty("status").GetString());
        Assert.Contains(gated.GetProperty("result").GetProperty("reasons").EnumerateArray(), reason => reason.GetString()!.Contains("auc", StringComparison.Ordinal));
        var versions = await client.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/versions");
        Assert.Equal(1, versions.GetArrayLength());
    }
}