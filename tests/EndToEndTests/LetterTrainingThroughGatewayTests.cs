using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// A 26-class problem on the running system: letter recognition trained with the default multiclass trainers and
/// search, to the accuracy gradient boosting and random forests reach on it.
/// </summary>
public sealed class LetterTrainingThroughGatewayTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(20);
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-letters-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Letter_recognition_trains_to_held_out_accuracy_0_96_and_registers_version_1()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "letter-recognition.csv");
        Assert.True(File.Exists(path), "letter-recognition.csv is copied from ../shared/datasets beside the repository");
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"));
        using var client = system.CreateClient();
        var csv = await File.ReadAllBytesAsync(path);

        var first = await client.PostAsync("/api/training/datasets/letters?label=lettr", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var dataset = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20_000, dataset.GetProperty("rows").GetInt32());
        var again = await client.PostAsync("/api/training/datasets/letters?label=lettr", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(dataset.GetProperty("sha256").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());

        var job = await TrainingJobs.TrainAsync(client, new { model = "letters", dataset = new { name = "letters" }, search = new { strategy = "random", trials = 12 }, folds = 5 }, JobTimeout);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal("multiclass", result.GetProperty("task").GetString());
        Assert.Equal(1, result.GetProperty("registeredVersion").GetInt32());
        var heldOutAccuracy = result.GetProperty("heldOut").GetProperty("accuracy").GetDouble();
        Assert.True(heldOutAccuracy >= 0.96, $"held-out accuracy {heldOutAccuracy}");

        var runs = await TrainingJobs.RunsOfAsync(client, "letters", job);
        Assert.Equal(12, runs.Length);
        var trainers = runs.Select(run => run.GetProperty("params").GetProperty("trainer").GetString()).ToHashSet();
        Assert.Equal(["FastForestOva", "FastTreeOva", "LbfgsMaximumEntropy", "LightGbm", "SdcaMaximumEntropy"], trainers.Order());
        Assert.All(runs, run => Assert.True(run.GetProperty("metrics").TryGetProperty("accuracy", out _), run.ToString()));

        var accurateBoosting = await TrainingJobs.RunsOfAsync(client, "letters", job, "params.trainer = 'LightGbm' and metrics.accuracy > 0.9");
        Assert.NotEmpty(accurateBoosting);
        Assert.All(accurateBoosting, run =>
        {
            Assert.Equal("LightGbm", run.GetProperty("params").GetProperty("trainer").GetString());
            Assert.True(run.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.9);
        });

        var version = await client.GetFromJsonAsync<JsonElement>("/api/registry/models/letters/versions/1");
        Assert.Equal(heldOutAccuracy, version.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal(26, version.GetProperty("manifest").GetProperty("label").GetProperty("classes").GetArrayLength());
    }
}