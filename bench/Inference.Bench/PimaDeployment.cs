using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Inference.Bench;

/// <summary>Trains a Pima model on the running system, promotes it, waits until inference serves it and fetches its package.</summary>
internal static class PimaDeployment
{
    /// <summary>Where the deployed model answers predict requests.</summary>
    public const string PredictPath = "/api/inference/models/pima/predict";

    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "Data", "pima-diabetes.csv");

    public static async Task<byte[]> DeployAsync(HttpClient gateway, string trainer)
    {
        await Expect(await gateway.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(await File.ReadAllBytesAsync(CsvPath))));
        var submitted = await gateway.PostAsJsonAsync("/api/training/jobs", new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { trainer },
            search = new { trials = 1 },
            folds = 2,
        });
        await Expect(submitted);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        JsonElement job;
        while ((job = await gateway.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}")).GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(500);
        }

        if (job.GetProperty("status").GetString() != "succeeded")
        {
            throw new InvalidOperationException($"The training job did not succeed: {job}");
        }

        var version = job.GetProperty("result").GetProperty("registeredVersion").GetInt32();
        await Expect(await gateway.PostAsJsonAsync("/api/registry/models/pima/promote", new { version, reason = "inference benchmark" }));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!(await gateway.GetFromJsonAsync<JsonElement>("/api/inference/models")).EnumerateArray().Any(model =>
                   model.GetProperty("name").GetString() == "pima" && model.GetProperty("status").GetString() == "loaded"))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Inference did not load the promoted Pima model within a minute.");
            }

            await Task.Delay(200);
        }

        return await gateway.GetByteArrayAsync($"/api/registry/models/pima/versions/{version}/artifact");
    }

    private static async Task Expect(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}