using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ServiceDefaults.Http;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class ConsoleRouteTests
{
    [Fact]
    public async Task Paths_outside_the_api_go_to_the_console_without_a_key_and_api_paths_never_do()
    {
        await using var console = await RecordingBackend.StartAsync("console");
        await using var registry = await RecordingBackend.StartAsync("registry-service");
        await using var gateway = GatewayHost.Start([console, registry]);

        using var page = await gateway.SendAsync(HttpMethod.Get, "/models/pima?at=2026-12-04T10:00Z", key: null);
        using var health = await gateway.SendAsync(HttpMethod.Get, "/health", key: null);
        using var api = await gateway.SendAsync(HttpMethod.Get, "/api/registry/models", GatewayHost.AdminKey);
        using var unknownApi = await gateway.SendAsync(HttpMethod.Get, "/api/nothing/here", GatewayHost.AdminKey);
        using var apiWithoutKey = await gateway.SendAsync(HttpMethod.Get, "/api/registry/models", key: null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("console", (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("backend").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        await ProblemAssert.IsProblemAsync(unknownApi, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(apiWithoutKey, HttpStatusCode.Unauthorized);
        var forwarded = Assert.Single(console.Requests);
        Assert.Equal("/models/pima?at=2026-12-04T10:00Z", forwarded.PathAndQuery);
        Assert.Null(forwarded.Header(MlOpsHeaders.Tenant));
        Assert.Single(registry.Requests);
    }

    [Fact]
    public async Task Without_a_console_address_pages_are_not_found()
    {
        await using var registry = await RecordingBackend.StartAsync("registry-service");
        await using var gateway = GatewayHost.Start([registry]);

        using var page = await gateway.SendAsync(HttpMethod.Get, "/models", key: null);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}