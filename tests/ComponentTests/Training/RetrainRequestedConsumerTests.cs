using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MassTransit;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.ModelPackages;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Training;

/// <summary>Retrain requests arriving over the broker, resolved against a real registry; no job is run.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RetrainRequestedConsumerTests(PlatformServers servers) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private RegistryService _registry = null!;
    private TrainingService _training = null!;
    private HttpClient _client = null!;
    private string _messaging = null!;

    public async Task InitializeAsync()
    {
        _registry = new RegistryService(servers);
        var registryUrl = _registry.ListenOnLoopback();
        // A virtual host of its own: a bus of an earlier test's host that is still stopping cannot take these messages.
        _messaging = await servers.RabbitMq.AddVirtualHostAsync($"training-{Guid.NewGuid():N}");
        _training = new TrainingService(servers, new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = _messaging,
            // No worker slot: queued jobs stay queued for the test to look at.
            ["Training:MaxConcurrentJobs"] = "0",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["services:registry-service:http:0"] = registryUrl.ToString().TrimEnd('/'),
        });
        _client = _training.CreateClient(Tenant);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _training.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task A_request_redelivered_or_published_again_queues_one_job_repeating_the_champions_with_the_retrain_details()
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv))).StatusCode);
        var submitted = await _client.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima", version = 1 },
            trainers = new[] { "FastForest" },
            search = new { trials = 3 },
            folds = 3,
            seed = 11,
        });
        var original = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await RegisterChampionAsync("pima", original);

        var request = Request("pima") with { EvaluationFraction = 0.25 };
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var deliveries = await PublishAsync((request, first), (request, first), (request, second));

        Assert.Equal(0, deliveries.Faults);
        var jobs = await _client.GetFromJsonAsync<JsonElement>("/api/training/jobs?model=pima");
        Assert.Equal(2, jobs.GetArrayLength());
        var retrain = jobs.EnumerateArray().Single(job => job.GetProperty("id").GetGuid() != original);
        Assert.Equal("queued", retrain.GetProperty("status").GetString());
        Assert.Equal("monitoring", retrain.GetProperty("createdBy").GetString());
        var spec = retrain.GetProperty("spec");
        Assert.Equal(("pima", 1, 11, 3), (spec.GetProperty("dataset").GetString(), spec.GetProperty("datasetVersion").GetInt32(),
            spec.GetProperty("seed").GetInt32(), spec.GetProperty("folds").GetInt32()));
        Assert.Equal(["FastForest"], spec.GetProperty("trainers").EnumerateArray().Select(trainer => trainer.GetString()));
        Assert.Equal("pima", spec.GetProperty("includeProduction").GetProperty("model").GetString());
        Assert.Equal(request.IncludeProductionSince, spec.GetProperty("includeProduction").GetProperty("since").GetDateTimeOffset());
        var details = spec.GetProperty("retrain");
        Assert.Equal(request.RequestId, details.GetProperty("requestId").GetGuid());
        Assert.Equal(1, details.GetProperty("championVersion").GetInt32());
        Assert.Equal(0.25, details.GetProperty("evaluationFraction").GetDouble());
        Assert.Equal(("accuracy dropped", request.AlertId, request.ReportId), (details.GetProperty("reason").GetString(),
            details.GetProperty("alertId").GetGuid(), details.GetProperty("reportId").GetGuid()));
    }

    [Fact]
    public async Task A_request_naming_a_dataset_overrides_the_dataset_of_the_champions_job()
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
        foreach (var name in new[] { "pima", "pima-fresh" })
        {
            Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"/api/training/datasets/{name}?label=diabetes", new ByteArrayContent(csv))).StatusCode);
        }

        var submitted = await _client.PostAsJsonAsync("/api/training/jobs", new { model = "pima", dataset = new { name = "pima", version = 1 } });
        await RegisterChampionAsync("pima", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        await PublishAsync((Request("pima") with { Dataset = "pima-fresh" }, Guid.NewGuid()));

        var retrain = (await _client.GetFromJsonAsync<JsonElement>("/api/training/jobs?model=pima"))[0];
        Assert.Equal("pima-fresh", retrain.GetProperty("spec").GetProperty("dataset").GetString());
        Assert.Equal(JsonValueKind.Null, retrain.GetProperty("spec").GetProperty("datasetVersion").ValueKind);
    }

    [Fact]
    public async Task A_request_for_a_model_without_champion_or_dataset_queues_nothing_and_is_answered_failed()
    {
        await using var tap = await BrokerTap.StartAsync(_messaging, typeof(TrainingJobFinished));
        var request = Request("unknown-model");

        await PublishAsync((request, Guid.NewGuid()));

        JsonElement answer = default;
        await Eventually.HoldsAsync(async () =>
        {
            answer = (await tap.ReceivedAsync<TrainingJobFinished>())
                .FirstOrDefault(finished => finished.GetProperty("retrainRequestId").GetGuid() == request.RequestId);
            return answer.ValueKind == JsonValueKind.Object;
        }, "the failure published");
        Assert.Equal(("failed", "unknown-model", Guid.Empty), (answer.GetProperty("status").GetString(),
            answer.GetProperty("model").GetString(), answer.GetProperty("jobId").GetGuid()));
        Assert.Contains("no champion", answer.GetProperty("reasons")[0].GetString());
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>("/api/training/jobs")).GetArrayLength());
    }

    private static RetrainRequested Request(string model) => new(
        model, "accuracy dropped", Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow, Tenant,
        RequestId: Guid.NewGuid());

    /// <summary>Registers a version of <paramref name="model"/> trained by <paramref name="job"/> and makes it champion.</summary>
    private async Task RegisterChampionAsync(string model, Guid job)
    {
        using var registry = _registry.CreateClient(Tenant);
        var manifest = TestPackages.Manifest() with { Model = model };
        var package = await TestPackages.WriteAsync(manifest with { Lineage = manifest.Lineage with { JobId = job } }, TestPackages.Model());
        Assert.Equal(HttpStatusCode.Created, (await RegistryService.UploadAsync(registry, model, package)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await registry.PutAsJsonAsync(
            $"/api/registry/models/{model}/aliases/champion", new { version = 1, reason = "first" })).StatusCode);
    }

    /// <summary>Publishes each request with its message id and waits until every delivery was consumed.</summary>
    private async Task<DeliveryCounter> PublishAsync(params (RetrainRequested Request, Guid MessageId)[] messages)
    {
        await _training.ConsumingAsync();
        var deliveries = new DeliveryCounter();
        using var observer = _training.Bus.ConnectConsumeObserver(deliveries);
        foreach (var (request, messageId) in messages)
        {
            await _training.Bus.Publish(request, context => context.MessageId = messageId);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(deliveries.Count == messages.Length), "every delivery consumed");
        return deliveries;
    }

    private sealed class DeliveryCounter : IConsumeObserver
    {
        private int _count;
        private int _faults;

        public int Count => Volatile.Read(ref _count);

        public int Faults => Volatile.Read(ref _faults);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is RetrainRequested)
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.Message is RetrainRequested)
            {
                Interlocked.Increment(ref _faults);
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }
    }
}