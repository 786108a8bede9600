using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

/// <summary>The real gateway on a loopback port, with the configuration a test gives it.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The bootstrap admin key of tenant <c>default</c> every test gateway starts with.</summary>
    public const string AdminKey = "test-bootstrap-admin-key";

    private readonly ServiceFactory<MlOps.Gateway.Program> _factory;

    private GatewayHost(IReadOnlyDictionary<string, string?> settings)
    {
        _factory = new ServiceFactory<MlOps.Gateway.Program>(settings);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public HttpClient Client { get; }

    /// <param name="backends">Each routed to as the service of the same resource name.</param>
    /// <param name="settings">More configuration; a null value removes a default (such as the bootstrap key).</param>
    public static GatewayHost Start(IEnumerable<RecordingBackend> backends, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ApiKeys:Bootstrap"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var backend in backends)
        {
            all[$"services:{backend.Name}:http:0"] = backend.Address.ToString();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new GatewayHost(all);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return Client.SendAsync(request);
    }

    /// <returns>The new key's id and secret.</returns>
    public async Task<(string Id, string Key)> CreateKeyAsync(string role, string tenant = "acme")
    {
        using var response = await SendAsync(
            HttpMethod.Post, "/api/keys", AdminKey, JsonContent.Create(new { tenant, role, name = $"{role} for a test" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}