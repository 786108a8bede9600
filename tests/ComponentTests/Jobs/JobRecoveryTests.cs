using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Jobs;

/// <summary>A job running when its service stops is neither lost nor left running: the next start runs it again or fails it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobRecoveryTests(PlatformServers servers)
{
    [Theory]
    [InlineData(2, "rejected")]
    [InlineData(1, "failed")]
    public async Task A_job_interrupted_by_a_stop_is_run_again_after_the_restart_or_failed_past_its_attempts(int maxAttempts, string outcome)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Training:PollInterval"] = "00:00:00.100",
            ["Training:HeartbeatInterval"] = "00:00:00.500",
            ["Training:AbandonedAfter"] = "00:00:02",
            ["Training:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var first = new TrainingService(servers, settings);
        string id;
        using (var client = first.CreateClient())
        {
            var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(csv))).StatusCode);
            var submitted = await client.PostAsJsonAsync("/api/training/jobs", new
            {
                model = "pima",
                dataset = new { name = "pima" },
                trainers = new[] { "FastForest" },
                search = new { strategy = "grid", trials = 6 },
                folds = 5,
                thresholds = new { auc = 0.99 },
            });
            id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await Eventually.HoldsAsync(async () => await StatusAsync(client, id) == "running", "the job started", TimeSpan.FromSeconds(30));
        }

        await first.DisposeAsync();
        var stoppedAt = DateTimeOffset.UtcNow;

        await using var second = new TrainingService(servers, settings, first.DatabaseConnectionString);
        using var restarted = second.CreateClient();
        await Eventually.HoldsAsync(async () => await StatusAsync(restarted, id) is not ("queued" or "running"), "the job ended", TimeSpan.FromMinutes(3));

        var job = await restarted.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
        Assert.Equal(outcome, job.GetProperty("status").GetString());
        var reasons = job.GetProperty("result").GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString()).ToList();
        if (outcome == "failed")
        {
            Assert.Contains(reasons, reason => reason!.Contains("interrupted 1 times", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(reasons, reason => reason!.StartsWith("Gate auc", StringComparison.Ordinal));
            Assert.True(job.GetProperty("startedAt").GetDateTimeOffset() > stoppedAt, $"the job was not started again after the stop: {job}");
        }
    }

    private static async Task<string?> StatusAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}")).GetProperty("status").GetString();
}