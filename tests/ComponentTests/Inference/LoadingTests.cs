using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Options;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.Inference;

[Collection(PlatformCollection.Name)]
public sealed class LoadingTests(PlatformServers servers)
{
    [Fact]
    public async Task Loads_the_deployed_champion_at_start_and_is_healthy_only_once_it_is_loaded()
    {
        await using var stack = await ServingStack.StartRegistryAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));

        // The registry cannot list deployments while its alias table is away, so inference cannot load.
        await stack.Registry.ExecuteAsync("ALTER TABLE model_aliases RENAME TO model_aliases_away");
        stack.StartInference(servers.RabbitMq.ConnectionString);
        using var probe = stack.Inference.CreateClient(stack.Tenant);
        var unready = await probe.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        var checks = JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("models").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await InferenceService.PredictAsync(probe, "pima", ServingPackages.PimaRow())).StatusCode);

        await stack.Registry.ExecuteAsync("ALTER TABLE model_aliases_away RENAME TO model_aliases");
        await stack.Inference.WaitUntilReadyAsync();

        var prediction = Assert.Single(await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(probe, "pima", ServingPackages.PimaRow())));
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt32());
        var served = (await InferenceService.ServedAsync(probe, "pima"))!.Value;
        Assert.Equal(1, served.GetProperty("championVersion").GetInt32());
        Assert.Equal(JsonValueKind.Null, served.GetProperty("challengerVersion").ValueKind);
        Assert.Equal("single", served.GetProperty("mode").GetString());
        Assert.Equal("loaded", served.GetProperty("status").GetString());
        Assert.Equal(0, served.GetProperty("droppedLogRows").GetInt64());
    }

    [Fact]
    public async Task A_promoted_version_replaces_the_champion_while_requests_keep_succeeding()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("pima", await ServingPackages.PimaV1());
            await s.UploadAsync("pima", await ServingPackages.PimaV2());
        });
        var failures = new List<string>();
        var versions = new HashSet<int>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await InferenceService.PredictAsync(stack.Client, "pima", new { rows = new[] { ServingPackages.PimaRow(), ServingPackages.PimaRow(90) } });
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                var answered = (await InferenceService.PredictionsAsync(response)).Select(p => p.GetProperty("modelVersion").GetInt32()).Distinct().ToList();
                lock (versions)
                {
                    versions.UnionWith(answered);
                }

                Assert.Single(answered);
            }
        });

        await stack.PromoteAsync("pima", 2);
        // Until the running traffic itself is answered by version 2 (or has failed, which awaiting it reports).
        await Eventually.HoldsAsync(() =>
        {
            lock (versions)
            {
                return Task.FromResult(versions.Contains(2) || traffic.IsCompleted);
            }
        }, "the running traffic is answered by version 2");
        await stop.CancelAsync();
        await traffic;

        Assert.Empty(failures);
        Assert.Equal([1, 2], versions.Order());
        var served = (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value;
        Assert.Equal(2, served.GetProperty("championVersion").GetInt32());
        Assert.Equal("loaded", served.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_replica_hears_a_deployment_change_and_serves_it()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("pima", await ServingPackages.PimaV1());
            await s.UploadAsync("pima", await ServingPackages.PimaV2());
        });
        await using var second = new InferenceService(servers.RabbitMq.ConnectionString, stack.RegistryUrl);
        await second.WaitUntilReadyAsync();
        using var secondClient = second.CreateClient(stack.Tenant);

        await stack.SetChallengerAsync("pima", 2);
        await stack.SetDeploymentAsync("pima", "canary", 0.5);

        foreach (var client in new[] { stack.Client, secondClient })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var served = await InferenceService.ServedAsync(client, "pima");
                return served?.GetProperty("mode").GetString() == "canary" && served?.GetProperty("challengerVersion").GetInt32() == 2;
            }, "the replica serves the canary");
        }
    }

    [Fact]
    public async Task A_version_whose_model_does_not_load_leaves_the_old_one_serving_and_is_reported()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
        var broken = await TestPackages.WriteAsync(TestPackages.Manifest() with { Model = "pima" }, TestPackages.Model());
        await stack.DeployAsync("pima", broken);

        var served = await FailedAsync(stack);

        Assert.Equal(1, served.GetProperty("championVersion").GetInt32());
        Assert.Contains("Version 2", served.GetProperty("error").GetString());
        var prediction = Assert.Single(await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", ServingPackages.PimaRow())));
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task A_package_the_registry_cannot_verify_leaves_the_old_one_serving_and_is_reported()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s => await s.DeployAsync("pima", await ServingPackages.PimaV1()));
        var version = await stack.UploadAsync("pima", await ServingPackages.PimaV2());
        await stack.Registry.ExecuteAsync($"""
            UPDATE artifact_chunks SET data = '\x00'::bytea
            WHERE sha256 = (SELECT sha256 FROM model_versions WHERE model = 'pima' AND version = {version}) AND seq = 0
            """);
        await stack.PromoteAsync("pima", version);

        var served = await FailedAsync(stack);

        Assert.Equal(1, served.GetProperty("championVersion").GetInt32());
        Assert.Contains("SHA-256", served.GetProperty("error").GetString());
        var prediction = Assert.Single(await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", ServingPackages.PimaRow())));
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task Refuses_to_start_with_settings_that_cannot_work_and_names_them()
    {
        await using var stack = await ServingStack.StartRegistryAsync(servers, _ => Task.CompletedTask);
        await using var inference = new InferenceService(servers.RabbitMq.ConnectionString, stack.RegistryUrl, new Dictionary<string, string?>
        {
            ["Inference:LogBatchSize"] = "0",
            ["Inference:RetryInterval"] = "00:00:00",
        });

        var refused = Assert.Throws<OptionsValidationException>(() => inference.CreateClient(stack.Tenant));

        Assert.Contains("Inference:LogBatchSize", refused.Message);
        Assert.Contains("Inference:RetryInterval", refused.Message);
    }

    private static async Task<JsonElement> FailedAsync(ServingStack stack)
    {
        JsonElement served = default;
        await Eventually.HoldsAsync(async () =>
        {
            served = (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value;
            return served.GetProperty("status").GetString() == "failed";
        }, "the model reported as failed");
        return served;
    }
}