using System.Net;
using System.Net.Http.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Registry;

using Xunit;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// A real Registry.Service and an Inference.Service that loads from it, for one tenant of their own. Models are
/// registered and deployed in the registry before inference starts, so inference loads them at start.
/// </summary>
public sealed class ServingStack : IAsyncDisposable
{
    private ServingStack(RegistryService registry, Uri registryUrl, string tenant)
    {
        Registry = registry;
        RegistryUrl = registryUrl;
        Tenant = tenant;
        RegistryClient = registry.CreateClient(tenant);
    }

    public RegistryService Registry { get; }

    public Uri RegistryUrl { get; }

    public string Tenant { get; }

    public HttpClient RegistryClient { get; }

    public InferenceService Inference { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts the registry, runs <paramref name="deploy"/> against it, then starts inference and waits until it is ready.</summary>
    public static async Task<ServingStack> StartAsync(
        PlatformServers servers, Func<ServingStack, Task> deploy, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var stack = await StartRegistryAsync(servers, deploy);
        stack.StartInference(servers.RabbitMq.ConnectionString, settings);
        await stack.Inference.WaitUntilReadyAsync();
        return stack;
    }

    /// <summary>Starts the registry and runs <paramref name="deploy"/> against it; inference is left to the test.</summary>
    public static async Task<ServingStack> StartRegistryAsync(PlatformServers servers, Func<ServingStack, Task> deploy)
    {
        var registry = new RegistryService(servers, maxPackageBytes: 100_000_000, maxInflatedBytes: 500_000_000);
        var stack = new ServingStack(registry, registry.ListenOnLoopback(), $"tenant-{Guid.NewGuid():N}");
        await deploy(stack);
        return stack;
    }

    /// <summary>Starts inference without waiting for it to be ready.</summary>
    public void StartInference(string messaging, IReadOnlyDictionary<string, string?>? settings = null, string? spillFolder = null)
    {
        Inference = new InferenceService(messaging, RegistryUrl, settings, spillFolder);
        Client = Inference.CreateClient(Tenant);
    }

    public async Task<int> UploadAsync(string model, byte[] package)
    {
        var response = await RegistryService.UploadAsync(RegistryClient, model, package);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await RegistryService.JsonAsync(response)).GetProperty("version").GetInt32();
    }

    public Task PromoteAsync(string model, int version) =>
        SucceedsAsync(RegistryClient.PostAsJsonAsync($"/api/registry/models/{model}/promote", new { version, reason = "test" }));

    public Task SetChallengerAsync(string model, int version) =>
        SucceedsAsync(RegistryClient.PutAsJsonAsync($"/api/registry/models/{model}/aliases/challenger", new { version }));

    public Task SetDeploymentAsync(string model, string mode, double challengerTraffic) =>
        SucceedsAsync(RegistryClient.PutAsJsonAsync($"/api/registry/models/{model}/deployment", new { mode, challengerTraffic }));

    /// <summary>Uploads and promotes a package; returns its version.</summary>
    public async Task<int> DeployAsync(string model, byte[] package)
    {
        var version = await UploadAsync(model, package);
        await PromoteAsync(model, version);
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        if (Inference is not null)
        {
            await Inference.DisposeAsync();
        }

        await Registry.DisposeAsync();
    }

    private static async Task SucceedsAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}