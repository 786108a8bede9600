using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Jobs;

[Collection(PlatformCollection.Name)]
public sealed class TrainingJobTests(PlatformServers servers) : IAsyncLifetime
{
    private TrainingService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = new TrainingService(servers, new Dictionary<string, string?> { ["Training:PollInterval"] = "00:00:00.200" });
        _client = _service.CreateClient();
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        var upload = await _client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_job_that_misses_its_gate_is_rejected_names_the_gate_and_keeps_every_trial_as_a_run()
    {
        var submitted = await _client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "FastForest", "LbfgsLogisticRegression" },
            search = new { strategy = "random", trials = 3 },
            folds = 3,
            thresholds = new { auc = 0.99 },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var job = await WaitForEndAsync(id!);

        Assert.Equal("rejected", job.GetProperty("status").GetString());
        var result = job.GetProperty("result");
        Assert.Contains(result.GetProperty("reasons").EnumerateArray(), reason => reason.GetString()!.StartsWith("Gate auc", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("registeredVersion").ValueKind);
        Assert.True(result.GetProperty("heldOut").GetProperty("auc").GetDouble() > 0.7);
        Assert.Equal(3, job.GetProperty("progress").GetProperty("trialsDone").GetInt32());

        var runs = await _client.GetFromJsonAsync<JsonElement>(
            $"/api/training/runs?experiment=pima&filter={Uri.EscapeDataString($"tags.`mlops.job` = '{id}'")}");
        var logged = runs.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(3, logged.Count);
        Assert.All(logged, run =>
        {
            Assert.True(run.GetProperty("metrics").TryGetProperty("auc", out _));
            Assert.True(run.GetProperty("params").TryGetProperty("trainer", out _));
        });
        Assert.Single(logged, run => run.GetProperty("tags").TryGetProperty("mlops.best", out _));
    }

    [Fact]
    public async Task An_infinite_metric_is_left_out_of_the_result_instead_of_failing_the_job()
    {
        // FastTree on two Pima folds is certain of some wrong answers, which makes its log-loss infinite.
        var submitted = await _client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima-infinite",
            dataset = new { name = "pima" },
            trainers = new[] { "FastTree" },
            search = new { trials = 1 },
            folds = 2,
            thresholds = new { auc = 0.99 },
        });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var job = await WaitForEndAsync(id!);

        Assert.True(job.GetProperty("status").GetString() == "rejected", job.ToString());
        var crossValidated = job.GetProperty("result").GetProperty("crossValidated");
        Assert.True(crossValidated.TryGetProperty("auc", out _));
        Assert.False(crossValidated.TryGetProperty("logloss", out _), crossValidated.ToString());
    }

    [Theory]
    [InlineData("""{"model":"pima","dataset":{"name":"pima"},"trainers":["NoSuchTrainer"]}""", "trainers[0]")]
    [InlineData("""{"model":"pima","dataset":{"name":"pima"},"folds":-2}""", "folds")]
    [InlineData("""{"model":"pima","dataset":{"name":"pima"},"search":{"strategy":"bayes"}}""", "search.strategy")]
    [InlineData("""{"model":"pima","dataset":{"name":"pima"},"thresholds":{"speed":3}}""", "thresholds.speed")]
    [InlineData("""{"model":"pima","dataset":{"name":"unknown"}}""", "dataset.name")]
    [InlineData("""{"model":"bad name!","dataset":{"name":"pima"}}""", "model")]
    [InlineData("""{"model":"pima","dataset":{"name":"pima"},"includeProduction":{"model":"../x"}}""", "includeProduction.model")]
    public async Task An_invalid_request_is_a_400_naming_the_field_and_queues_nothing(string body, string field)
    {
        var response = await _client.PostAsync("/api/training/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>("/api/training/jobs")).EnumerateArray());
    }

    [Fact]
    public async Task A_cancelled_job_ends_cancelled_and_cannot_be_cancelled_again()
    {
        var submitted = await _client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima-cancel",
            dataset = new { name = "pima" },
            search = new { trials = 200 },
        });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var cancel = await _client.PostAsync($"/api/training/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var job = await WaitForEndAsync(id!);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/training/jobs/{id}/cancel", null)).StatusCode);
    }

    private async Task<JsonElement> WaitForEndAsync(string id)
    {
        JsonElement job = default;
        await Eventually.HoldsAsync(async () =>
        {
            job = await _client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
            return job.GetProperty("status").GetString() is "succeeded" or "rejected" or "failed" or "cancelled";
        }, $"job {id} ended", TimeSpan.FromMinutes(3));
        return job;
    }
}