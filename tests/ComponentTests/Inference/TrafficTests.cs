using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;
using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.Inference;

[Collection(PlatformCollection.Name)]
public sealed class TrafficTests(PlatformServers servers)
{
    [Fact]
    public async Task A_canary_sends_its_share_to_the_challenger_and_keeps_a_routing_key_on_one_side()
    {
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("pima", await ServingPackages.PimaV1());
            await s.SetChallengerAsync("pima", await s.UploadAsync("pima", await ServingPackages.PimaV2()));
            await s.SetDeploymentAsync("pima", "canary", 0.3);
        });

        var random = new List<JsonElement>();
        for (var i = 0; i < 300; i++)
        {
            random.AddRange(await PredictAsync(stack, routingKey: null));
        }

        var keyed = new List<JsonElement>();
        for (var i = 0; i < 300; i++)
        {
            keyed.AddRange(await PredictAsync(stack, $"customer-{i}"));
        }

        var repeated = new List<JsonElement>();
        for (var i = 0; i < 10; i++)
        {
            repeated.AddRange(await PredictAsync(stack, "customer-7"));
        }

        Assert.InRange(ChallengerShare(random), 0.2, 0.4);
        Assert.InRange(ChallengerShare(keyed), 0.2, 0.4);
        Assert.All(random.Concat(keyed), prediction => Assert.Equal(
            prediction.GetProperty("route").GetString() == "challenger" ? 2 : 1, prediction.GetProperty("modelVersion").GetInt32()));
        Assert.Single(repeated.Select(prediction => prediction.GetProperty("route").GetString()).Distinct());
        Assert.Equal(keyed[7].GetProperty("route").GetString(), repeated[0].GetProperty("route").GetString());
        var served = (await InferenceService.ServedAsync(stack.Client, "pima"))!.Value;
        Assert.Equal("canary", served.GetProperty("mode").GetString());
        Assert.Equal(2, served.GetProperty("challengerVersion").GetInt32());
        Assert.Equal(0.3, served.GetProperty("challengerTraffic").GetDouble());
    }

    [Fact]
    public async Task In_shadow_the_champion_answers_and_the_challenger_s_scores_are_only_logged()
    {
        await using var tap = await BrokerTap.StartAsync(servers.RabbitMq.ConnectionString, typeof(PredictionsLogged));
        await using var stack = await ServingStack.StartAsync(servers, async s =>
        {
            await s.DeployAsync("pima", await ServingPackages.PimaV1());
            await s.SetChallengerAsync("pima", await s.UploadAsync("pima", await ServingPackages.PimaV2()));
            await s.SetDeploymentAsync("pima", "shadow", 0);
        });

        var answers = await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", new
        {
            rows = new[] { ServingPackages.PimaRow(), ServingPackages.PimaRow(glucose: 80, age: 22), ServingPackages.PimaRow(glucose: 120) },
        }));

        Assert.All(answers, answer =>
        {
            Assert.Equal("champion", answer.GetProperty("route").GetString());
            Assert.Equal(1, answer.GetProperty("modelVersion").GetInt32());
        });
        List<JsonElement> logged = [];
        await Eventually.HoldsAsync(async () =>
        {
            logged = PredictTests.LoggedRows(await tap.ReceivedAsync<PredictionsLogged>(), stack.Tenant);
            return logged.Count == 6;
        }, "three champion and three shadow rows logged");
        var shadow = logged.Where(row => row.GetProperty("route").GetString() == "shadow").ToList();
        Assert.Equal(3, shadow.Count);
        Assert.All(shadow, row => Assert.Equal(2, row.GetProperty("version").GetInt32()));
        Assert.Equal([80.0, 120.0, 148.0], shadow.Select(row => row.GetProperty("inputs").GetProperty("glucose").GetDouble()).Order());
        Assert.Empty(shadow.Select(row => row.GetProperty("predictionId").GetGuid())
            .Intersect(answers.Select(answer => answer.GetProperty("predictionId").GetGuid())));
        Assert.Equal(3, logged.Count(row => row.GetProperty("route").GetString() == "champion" && row.GetProperty("version").GetInt32() == 1));
    }

    private static async Task<JsonElement[]> PredictAsync(ServingStack stack, string? routingKey) =>
        await InferenceService.PredictionsAsync(await InferenceService.PredictAsync(stack.Client, "pima", ServingPackages.PimaRow(), routingKey));

    private static double ChallengerShare(List<JsonElement> predictions) =>
        predictions.Count(prediction => prediction.GetProperty("route").GetString() == "challenger") / (double)predictions.Count;
}