using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>Submits a training job through the gateway and polls it until it ends.</summary>
internal static class TrainingJobs
{
    public static async Task<JsonElement> TrainAsync(HttpClient client, object request, TimeSpan timeout)
    {
        var submitted = await client.PostAsJsonAsync("/api/training/jobs", request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}");
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job did not end within {timeout}: {job}");
            await Task.Delay(500);
        }
    }

    /// <summary>Trains the model "pima" on the dataset "pima" with one trainer, one trial and two folds; the job must succeed.</summary>
    public static async Task<JsonElement> TrainPimaAsync(HttpClient client, string trainer, TimeSpan timeout)
    {
        var job = await TrainAsync(client, new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { trainer },
            search = new { trials = 1 },
            folds = 2,
        }, timeout);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        return job;
    }

    /// <summary>The runs a job logged, found with the run search's filter grammar.</summary>
    public static async Task<JsonElement[]> RunsOfAsync(HttpClient client, string experiment, JsonElement job, string? andFilter = null)
    {
        var filter = $"tags.`mlops.job` = '{job.GetProperty("id").GetString()}'" + (andFilter is null ? "" : " and " + andFilter);
        var page = await client.GetFromJsonAsync<JsonElement>(
            $"/api/training/runs?experiment={experiment}&maxResults=100&filter={Uri.EscapeDataString(filter)}");
        return [.. page.GetProperty("runs").EnumerateArray()];
    }
}