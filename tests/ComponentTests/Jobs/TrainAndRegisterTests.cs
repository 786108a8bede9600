using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.ComponentTests.Training;
using MlOps.Contracts.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.Jobs;

/// <summary>A training job that passes its gates registers its model package in a real registry over HTTP.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TrainAndRegisterTests(PlatformServers servers)
{
    [Fact]
    public async Task A_successful_job_registers_a_package_with_its_metrics_schema_profile_and_lineage()
    {
        await using var registry = new RegistryService(servers, maxPackageBytes: 100_000_000, maxInflatedBytes: 500_000_000);
        var registryUrl = registry.ListenOnLoopback();
        await using var training = new TrainingService(servers, new Dictionary<string, string?>
        {
            ["Training:PollInterval"] = "00:00:00.200",
            ["services:registry-service:http:0"] = registryUrl.ToString().TrimEnd('/'),
        });
        using var client = training.CreateClient();
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv))).StatusCode);

        var submitted = await client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "FastForest" },
            search = new { strategy = "random", trials = 2 },
            folds = 3,
            thresholds = new { auc = 0.7 },
        });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        JsonElement job = default;
        await Eventually.HoldsAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
            return job.GetProperty("status").GetString() is not ("queued" or "running");
        }, "the job ended", TimeSpan.FromMinutes(3));

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        Assert.Equal(1, job.GetProperty("result").GetProperty("registeredVersion").GetInt32());

        using var registryClient = registry.CreateClient(tenant: "default");
        var version = await registryClient.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/versions/1");
        Assert.True(version.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.7);
        var lineage = version.GetProperty("lineage");
        Assert.Equal("pima", lineage.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal(id, lineage.GetProperty("jobId").GetString());

        var artifact = await registryClient.GetByteArrayAsync("/api/registry/models/pima/versions/1/artifact");
        var package = await ModelPackage.ReadAsync(new MemoryStream(artifact), new ModelPackageLimits(), CancellationToken.None);
        Assert.Equal(ModelTask.Binary, package.Manifest.Task);
        Assert.Equal(["neg", "pos"], package.Manifest.Label.Classes);
        Assert.Equal(8, package.Manifest.Features.Count);
        Assert.All(package.Manifest.Features, feature => Assert.Equal(FeatureKind.Numeric, feature.Kind));
        Assert.Equal(768, package.Manifest.Profile.Rows);
        Assert.Equal("FastForest", package.Manifest.Trainer.Name);
    }
}