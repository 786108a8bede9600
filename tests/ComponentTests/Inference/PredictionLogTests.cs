using System.Text.Json;

using MlOps.AppHost.Resources;
using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Inference;

/// <summary>Prediction logging through a real broker; the outage and blocked-broker tests run a RabbitMQ node of their own.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PredictionLogTests(PlatformServers servers)
{
    [Fact]
    public async Task Served_rows_reach_the_broker_as_PredictionsLogged_with_their_inputs_outputs_and_route()
    {
        await using var tap = await BrokerTap.StartAsync(servers.RabbitMq.ConnectionString, typeof(PredictionsLogged));
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("pima", await ServingPackages.PimaV1());
            await s.DeployAsync("linear", await ServingPackages.Linear());
        });

        var pima = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new
        {
            rows = new[] { ServingPackages.PimaRow(), ServingPackages.PimaRow(glucose: 85, age: 31) },
        }));
        var linear = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "linear", new { a = 2, b = (double?)null }));

        List<JsonElement> logged = [];
        await Eventually.HoldsAsync(async () =>
        {
            logged = PredictTests.LoggedRows(await tap.ReceivedAsync<PredictionsLogged>(), stack.Tenant);
            return logged.Count == 3;
        }, "three rows logged");

        var first = logged.Single(row => row.GetProperty("predictionId").GetGuid() == pima[0].GetProperty("predictionId").GetGuid());
        Assert.Equal("pima", first.GetProperty("model").GetString());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal("champion", first.GetProperty("route").GetString());
        Assert.Equal(pima[0].GetProperty("label").GetString(), first.GetProperty("label").GetString());
        Assert.Equal(
            pima[0].GetProperty("probabilities").GetProperty("pos").GetDouble(),
            first.GetProperty("probabilities").GetProperty("pos").GetDouble(), 5);
        var inputs = first.GetProperty("inputs");
        Assert.Equal(8, inputs.EnumerateObject().Count());
        Assert.Equal(148, inputs.GetProperty("glucose").GetDouble());
        Assert.Equal(33.6, inputs.GetProperty("mass").GetDouble(), 4);
        Assert.True(first.GetProperty("latencyMs").GetDouble() >= 0);
        Assert.True(first.GetProperty("servedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Contains(logged, row => row.GetProperty("predictionId").GetGuid() == pima[1].GetProperty("predictionId").GetGuid());

        var regression = logged.Single(row => row.GetProperty("model").GetString() == "linear");
        Assert.Equal(linear[0].GetProperty("predictionId").GetGuid(), regression.GetProperty("predictionId").GetGuid());
        Assert.Equal(linear[0].GetProperty("value").GetDouble(), regression.GetProperty("value").GetDouble(), 4);
        Assert.Equal(JsonValueKind.Null, regression.GetProperty("label").ValueKind);
        // A feature without a value is left out of the logged inputs.
        Assert.False(regression.GetProperty("inputs").TryGetProperty("b", out _));
    }

    [Fact]
    public async Task Rows_served_while_the_broker_is_down_spill_to_disk_and_are_published_once_it_is_back()
    {
        var brokerData = Directory.CreateTempSubdirectory("mlops-inference-broker-").FullName;
        var broker = await RabbitMqServer.StartAsync(new RabbitMqServerOptions(brokerData));
        try
        {
            var tap = await DurableTap.StartAsync<PredictionsLogged>(broker.ConnectionString);
            await using var stack = await ServingStack.StartRegistryAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
            stack.StartInference(broker.ConnectionString, new Dictionary<string, string?>
            {
                ["Inference:LogBatchSize"] = "2",
                ["Inference:LogPendingRows"] = "2",
            });
            await stack.Inference.WaitUntilReadyAsync();

            await broker.StopAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                var answers = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new
                {
                    rows = new[] { ServingPackages.PimaRow(glucose: 100 + i), ServingPackages.PimaRow(glucose: 150 + i) },
                }));
                ids.AddRange(answers.Select(answer => answer.GetProperty("predictionId").GetGuid()));
            }

            await Eventually.HoldsAsync(() => Task.FromResult(Directory.GetFiles(stack.Inference.SpillFolder, "*.json").Length >= 2), "batches spilled to disk");

            await broker.StartAgainAsync();
            await Eventually.HoldsAsync(async () =>
            {
                var logged = PredictTests.LoggedRows([.. await tap.ReceivedAsync()], stack.Tenant);
                return ids.All(id => logged.Any(row => row.GetProperty("predictionId").GetGuid() == id));
            }, "every row served during the outage published");
            await Eventually.HoldsAsync(() => Task.FromResult(Directory.GetFiles(stack.Inference.SpillFolder).Length == 0), "the spill folder emptied");
            Assert.Equal(0, (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value.GetProperty("droppedLogRows").GetInt64());
        }
        finally
        {
            await broker.DisposeAsync();
            Directory.Delete(brokerData, recursive: true);
        }
    }

    [Fact]
    public async Task Batches_spill_while_a_blocked_broker_holds_a_publish_and_all_are_published_once_it_takes_them()
    {
        var brokerData = Directory.CreateTempSubdirectory("mlops-inference-broker-").FullName;
        var broker = await RabbitMqServer.StartAsync(new RabbitMqServerOptions(brokerData));
        try
        {
            var tap = await DurableTap.StartAsync<PredictionsLogged>(broker.ConnectionString);
            await using var stack = await ServingStack.StartRegistryAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
            stack.StartInference(broker.ConnectionString, new Dictionary<string, string?>
            {
                ["Inference:LogBatchSize"] = "2",
                ["Inference:LogPendingRows"] = "2",
                // Far longer than the test waits for spilled files: they must appear while the first publish hangs.
                ["Inference:PublishTimeout"] = "00:05:00",
            });
            await stack.Inference.WaitUntilReadyAsync();

            await broker.BlockPublishersAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 5; i++)
            {
                var answers = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new
                {
                    rows = new[] { ServingPackages.PimaRow(glucose: 100 + i), ServingPackages.PimaRow(glucose: 150 + i) },
                }));
                ids.AddRange(answers.Select(answer => answer.GetProperty("predictionId").GetGuid()));
            }

            await Eventually.HoldsAsync(
                () => Task.FromResult(Directory.GetFiles(stack.Inference.SpillFolder, "*.json").Length >= 2),
                "batches spilled while the broker held a publish", TimeSpan.FromSeconds(30));

            await broker.UnblockPublishersAsync();
            await Eventually.HoldsAsync(async () =>
            {
                var logged = PredictTests.LoggedRows([.. await tap.ReceivedAsync()], stack.Tenant);
                return ids.All(id => logged.Any(row => row.GetProperty("predictionId").GetGuid() == id));
            }, "every row served while the broker was blocked published");
            await Eventually.HoldsAsync(() => Task.FromResult(Directory.GetFiles(stack.Inference.SpillFolder).Length == 0), "the spill folder emptied");
        }
        finally
        {
            await broker.DisposeAsync();
            Directory.Delete(brokerData, recursive: true);
        }
    }
}