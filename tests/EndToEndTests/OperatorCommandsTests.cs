using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// The dashboard's resource commands, run as the dashboard runs them: each acts through the public API with the
/// dashboard's own key, so the registry's history records it like any other caller's action.
/// </summary>
public sealed class OperatorCommandsTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-commands-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Promote_challenger_and_roll_back_land_in_the_registry_history_and_drift_check_and_retrain_act_on_the_model()
    {
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"));
        using var client = system.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes",
            new ByteArrayContent(await File.ReadAllBytesAsync(PimaRows.CsvPath)))).StatusCode);
        await TrainingJobs.TrainPimaAsync(client, "LightGbm", JobTimeout);
        await TrainingJobs.TrainPimaAsync(client, "FastTree", JobTimeout);
        Assert.True((await client.PostAsJsonAsync("/api/registry/models/pima/promote", new { version = 1, reason = "first" })).IsSuccessStatusCode);
        Assert.True((await client.PutAsJsonAsync("/api/registry/models/pima/aliases/challenger", new { version = 2 })).IsSuccessStatusCode);

        var promoted = await system.ExecuteCommandAsync("registry-service", "promote-challenger", ("model", "pima"), ("reason", "incident 42"));
        Assert.True(promoted.Success, promoted.Message);
        var dashboardKey = await KeyIdAsync(client, "dashboard");
        var promotion = (await HistoryAsync(client)).First(entry => entry.GetProperty("action").GetString() == "promote");
        Assert.Equal("incident 42", promotion.GetProperty("reason").GetString());
        Assert.Equal(dashboardKey, promotion.GetProperty("who").GetProperty("keyId").GetString());
        Assert.Equal(2, await ChampionAsync(client));

        var rolledBack = await system.ExecuteCommandAsync("registry-service", "rollback", ("model", "pima"), ("reason", "worse on live data"));
        Assert.True(rolledBack.Success, rolledBack.Message);
        var rollback = (await HistoryAsync(client)).First();
        Assert.Equal("rollback", rollback.GetProperty("action").GetString());
        Assert.Equal(dashboardKey, rollback.GetProperty("who").GetProperty("keyId").GetString());
        Assert.Equal(1, await ChampionAsync(client));

        var unknown = await system.ExecuteCommandAsync("registry-service", "promote-challenger", ("model", "no-such-model"));
        Assert.False(unknown.Success);
        Assert.Contains("404", unknown.Message);

        var checkedNow = await system.ExecuteCommandAsync("monitoring-service", "drift-check", ("model", "pima"));
        Assert.True(checkedNow.Success, checkedNow.Message);
        var reports = await client.GetFromJsonAsync<JsonElement>("/api/monitoring/models/pima/drift-checks");
        Assert.NotEqual(0, reports.GetArrayLength());

        var jobsBefore = await JobCountAsync(client);
        var retrain = await system.ExecuteCommandAsync("monitoring-service", "retrain", ("model", "pima"), ("reason", "new season"));
        Assert.True(retrain.Success, retrain.Message);
        await Eventually(async () => await JobCountAsync(client) > jobsBefore, TimeSpan.FromSeconds(60));
    }

    private static async Task<List<JsonElement>> HistoryAsync(HttpClient client)
    {
        var history = await client.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/history");
        return [.. history.EnumerateArray()];
    }

    private static async Task<int> ChampionAsync(HttpClient client)
    {
        var model = await client.GetFromJsonAsync<JsonElement>("/api/registry/models/pima");
        return model.GetProperty("aliases").GetProperty("champion").GetInt32();
    }

    private static async Task<string> KeyIdAsync(HttpClient client, string name)
    {
        var keys = await client.GetFromJsonAsync<JsonElement>("/api/keys");
        return keys.EnumerateArray().Single(key => key.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    private static async Task<int> JobCountAsync(HttpClient client)
    {
        var jobs = await client.GetFromJsonAsync<JsonElement>("/api/training/jobs");
        return jobs.GetArrayLength();
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not true within {timeout}");
            await Task.Delay(500);
        }
    }
}