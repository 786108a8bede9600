using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ServiceDefaults.Http;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class RoutingTests
{
    private static readonly string[] Services = ["telemetry", "training", "registry", "inference", "monitoring"];

    [Fact]
    public async Task Each_prefix_goes_to_its_own_service()
    {
        var backends = new List<RecordingBackend>();
        foreach (var service in Services)
        {
            backends.Add(await RecordingBackend.StartAsync($"{service}-service"));
        }

        try
        {
            await using var gateway = GatewayHost.Start(backends);
            foreach (var service in Services)
            {
                using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/{service}/things/1", GatewayHost.AdminKey);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal($"{service}-service", body.GetProperty("backend").GetString());
            }

            foreach (var (service, backend) in Services.Zip(backends))
            {
                Assert.Equal($"/api/{service}/things/1", Assert.Single(backend.Requests).PathAndQuery);
            }
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Identity_headers_come_from_the_key_and_the_key_is_not_forwarded()
    {
        await using var backend = await RecordingBackend.StartAsync("inference-service");
        await using var gateway = GatewayHost.Start([backend]);
        var (readerId, reader) = await gateway.CreateKeyAsync("reader", tenant: "acme");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inference/models");
        request.Headers.Authorization = new("Bearer", reader);
        request.Headers.Add(MlOpsHeaders.Tenant, "someone-else");
        request.Headers.Add(MlOpsHeaders.Role, "admin");
        request.Headers.Add(MlOpsHeaders.KeyId, "forged");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Requests);
        Assert.Equal("acme", received.Header(MlOpsHeaders.Tenant));
        Assert.Equal("reader", received.Header(MlOpsHeaders.Role));
        Assert.Equal(readerId, received.Header(MlOpsHeaders.KeyId));
        Assert.Null(received.Header("Authorization"));
        Assert.DoesNotContain(received.Headers.Values, value => value.Contains(reader, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callers_correlation_id_is_echoed_and_forwarded()
    {
        await using var backend = await RecordingBackend.StartAsync("monitoring-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/monitoring/alerts");
        request.Headers.Authorization = new("Bearer", GatewayHost.AdminKey);
        request.Headers.Add(MlOpsHeaders.CorrelationId, "caller-chosen-id-42");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("caller-chosen-id-42", Assert.Single(response.Headers.GetValues(MlOpsHeaders.CorrelationId)));
        Assert.Equal("caller-chosen-id-42", Assert.Single(backend.Requests).Header(MlOpsHeaders.CorrelationId));
    }

    [Fact]
    public async Task A_correlation_id_is_generated_forwarded_and_set_even_on_a_401()
    {
        await using var backend = await RecordingBackend.StartAsync("monitoring-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var routed = await gateway.SendAsync(HttpMethod.Get, "/api/monitoring/alerts", GatewayHost.AdminKey);
        using var unauthorized = await gateway.SendAsync(HttpMethod.Get, "/api/monitoring/alerts", key: null);

        var generated = Assert.Single(routed.Headers.GetValues(MlOpsHeaders.CorrelationId));
        Assert.False(string.IsNullOrWhiteSpace(generated));
        Assert.Equal(generated, Assert.Single(backend.Requests).Header(MlOpsHeaders.CorrelationId));
        var onUnauthorized = Assert.Single(unauthorized.Headers.GetValues(MlOpsHeaders.CorrelationId));
        Assert.False(string.IsNullOrWhiteSpace(onUnauthorized));
        Assert.NotEqual(generated, onUnauthorized);
    }

    [Fact]
    public async Task A_service_without_an_address_is_503_naming_it_and_an_unknown_path_is_404()
    {
        await using var backend = await RecordingBackend.StartAsync("telemetry-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var missing = await gateway.SendAsync(HttpMethod.Get, "/api/registry/models", GatewayHost.AdminKey);
        using var unknown = await gateway.SendAsync(HttpMethod.Get, "/api/nothing-here", GatewayHost.AdminKey);
        using var missingWithoutKey = await gateway.SendAsync(HttpMethod.Get, "/api/registry/models", key: null);

        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("registry-service", problem.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(missingWithoutKey, HttpStatusCode.Unauthorized);
        Assert.Empty(backend.Requests);
    }
}