using System.Net;

using MlOps.AppHost.Resources;
using MlOps.ComponentTests.Gateway;
using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// Admission control of the prediction log: once its memory bounds and the spill folder are full, predict requests
/// are refused with 503 and Retry-After instead of being scored, and every request that was scored is logged.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PredictionLogAdmissionTests(PlatformServers servers)
{
    [Fact]
    public async Task A_request_is_refused_with_503_and_Retry_After_while_the_log_can_neither_publish_nor_spill()
    {
        var unreachable = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/";
        await using var stack = await ServingStack.StartRegistryAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
        stack.StartInference(unreachable, new Dictionary<string, string?>
        {
            ["Inference:LogQueueRows"] = "0",
            ["Inference:LogPendingRows"] = "0",
            ["Inference:MaxSpillBytes"] = "0",
        });
        await Eventually.HoldsAsync(async () =>
            (await InferenceService.ServedAsync(stack.Client, "pima"))?.GetProperty("status").GetString() == "loaded", "pima loaded");

        var first = await InferenceService.PredictionsAsync(await PredictThreeRowsAsync(stack.Client));
        Assert.Equal(3, first.Length);

        HttpResponseMessage refused = null!;
        await Eventually.HoldsAsync(async () =>
        {
            refused = await PredictThreeRowsAsync(stack.Client);
            return refused.StatusCode != HttpStatusCode.OK;
        }, "a request refused");

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Prediction log full", problem.GetProperty("title").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var served = (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value;
        Assert.Equal(0, served.GetProperty("droppedLogRows").GetInt64());
        Assert.True(served.GetProperty("refusedRequests").GetInt64() >= 1);
        Assert.Empty(Directory.GetFiles(stack.Inference.SpillFolder));
    }

    [Fact]
    public async Task An_overloaded_log_refuses_requests_and_publishes_every_served_row_once_the_broker_is_back()
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
                ["Inference:LogQueueRows"] = "4",
                ["Inference:LogPendingRows"] = "4",
                // Room for a few two-row blocks only.
                ["Inference:MaxSpillBytes"] = "30000",
            });
            await stack.Inference.WaitUntilReadyAsync();
            await broker.StopAsync();

            var served = new List<Guid>();
            var refusals = 0;
            for (var wave = 0; wave < 20 && (refusals == 0 || wave < 3); wave++)
            {
                var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PredictTwoRowsAsync(stack.Client)));
                foreach (var answer in answers)
                {
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        served.AddRange((await InferenceService.PredictionsAsync(answer)).Select(row => row.GetProperty("predictionId").GetGuid()));
                        continue;
                    }

                    var problem = await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.ServiceUnavailable);
                    Assert.Equal("Prediction log full", problem.GetProperty("title").GetString());
                    Assert.True(answer.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {answer.Headers.RetryAfter}");
                    refusals++;
                }

                await Task.Delay(200);
            }

            Assert.True(refusals > 0, "some requests were refused");
            Assert.NotEmpty(served);
            Assert.NotEmpty(Directory.GetFiles(stack.Inference.SpillFolder, "*.json"));
            var model = (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value;
            Assert.Equal(0, model.GetProperty("droppedLogRows").GetInt64());
            Assert.Equal(refusals, model.GetProperty("refusedRequests").GetInt64());

            await broker.StartAgainAsync();
            HashSet<Guid> logged = [];
            await Eventually.HoldsAsync(async () =>
            {
                logged = [.. PredictTests.LoggedRows([.. await tap.ReceivedAsync()], stack.Tenant).Select(row => row.GetProperty("predictionId").GetGuid())];
                return served.All(logged.Contains);
            }, $"all {served.Count} served rows published");

            // Refused requests were not scored, so nothing but the served rows is logged.
            Assert.Equal(served.ToHashSet(), logged);
            await Eventually.HoldsAsync(() => Task.FromResult(Directory.GetFiles(stack.Inference.SpillFolder).Length == 0), "the spill folder emptied");
            Assert.Equal(0, (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value.GetProperty("droppedLogRows").GetInt64());
        }
        finally
        {
            await broker.DisposeAsync();
            Directory.Delete(brokerData, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PredictTwoRowsAsync(HttpClient client) =>
        InferenceService.PredictAsync(client, "pima", new { rows = new[] { ServingPackages.PimaRow(), ServingPackages.PimaRow(glucose: 90) } });

    private static Task<HttpResponseMessage> PredictThreeRowsAsync(HttpClient client) =>
        InferenceService.PredictAsync(client, "pima", new { rows = new[] { ServingPackages.PimaRow(), ServingPackages.PimaRow(), ServingPackages.PimaRow() } });
}