using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// Inference.Service in-process, reaching a registry over real HTTP and a broker, with a spill folder of its own and
/// short retry and flush intervals.
/// </summary>
public sealed class InferenceService : IAsyncDisposable
{
    private readonly ServiceFactory<MlOps.Inference.Service.Program> _factory;
    private readonly bool _ownsSpillFolder;

    public InferenceService(string messaging, Uri registry, IReadOnlyDictionary<string, string?>? settings = null, string? spillFolder = null)
    {
        _ownsSpillFolder = spillFolder is null;
        SpillFolder = spillFolder ?? Directory.CreateTempSubdirectory("mlops-spill-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = messaging,
            ["services:registry-service:http:0"] = registry.ToString().TrimEnd('/'),
            ["Inference:SpillFolder"] = SpillFolder,
            ["Inference:RetryInterval"] = "00:00:00.200",
            ["Inference:LogFlushInterval"] = "00:00:00.100",
            ["Inference:PublishTimeout"] = "00:00:02",
            // Changes must arrive as events: the periodic comparison with the registry would hide a lost one.
            ["Inference:ResyncInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new ServiceFactory<MlOps.Inference.Service.Program>(all);
    }

    public string SpillFolder { get; }

    /// <summary>A client as the gateway forwards it, for <paramref name="tenant"/>.</summary>
    public HttpClient CreateClient(string tenant)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        return client;
    }

    public Task WaitUntilReadyAsync()
    {
        var client = _factory.CreateClient();
        return Eventually.HoldsAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode, "inference reports healthy");
    }

    public static Task<HttpResponseMessage> PredictAsync(HttpClient client, string model, object body, string? routingKey = null) =>
        PredictJsonAsync(client, model, JsonSerializer.Serialize(body), routingKey);

    public static Task<HttpResponseMessage> PredictJsonAsync(HttpClient client, string model, string json, string? routingKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inference/models/{model}/predict")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (routingKey is not null)
        {
            request.Headers.Add("X-Routing-Key", routingKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>The predictions of a successful answer; fails with the body when the answer was not 200.</summary>
    public static async Task<JsonElement[]> PredictionsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"Predict answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToArray();
    }

    /// <summary>The tenant's entry in <c>GET /api/inference/models</c>, or null.</summary>
    public static async Task<JsonElement?> ServedAsync(HttpClient client, string model)
    {
        var models = await client.GetFromJsonAsync<JsonElement>("/api/inference/models");
        return models.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(entry => entry!.Value.GetProperty("name").GetString() == model);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_ownsSpillFolder)
        {
            Directory.Delete(SpillFolder, recursive: true);
        }
    }
}