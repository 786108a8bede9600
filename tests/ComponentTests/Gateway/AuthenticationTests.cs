using System.Net;
using System.Net.Http.Headers;

using MlOps.ServiceDefaults.Http;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task A_request_without_a_key_is_401_with_a_bearer_challenge_and_is_not_forwarded()
    {
        await using var backend = await RecordingBackend.StartAsync("telemetry-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/telemetry/statistics", key: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task An_unknown_or_malformed_key_is_401()
    {
        await using var backend = await RecordingBackend.StartAsync("telemetry-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var unknown = await gateway.SendAsync(HttpMethod.Get, "/api/telemetry/statistics", "mlops_not-a-key");
        using var malformedRequest = new HttpRequestMessage(HttpMethod.Get, "/api/telemetry/statistics");
        malformedRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", GatewayHost.AdminKey);
        using var malformed = await gateway.Client.SendAsync(malformedRequest);

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(unknown.Headers.WwwAuthenticate).Scheme);
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.Unauthorized);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task An_admin_key_is_routed_to_the_service_with_path_and_query_unchanged()
    {
        await using var backend = await RecordingBackend.StartAsync("telemetry-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/telemetry/events/drowsiness?from=2025-01-01", GatewayHost.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Requests);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/api/telemetry/events/drowsiness?from=2025-01-01", received.PathAndQuery);
        Assert.Equal(MlOpsHeaders.DefaultTenant, received.Header(MlOpsHeaders.Tenant));
        Assert.Equal("admin", received.Header(MlOpsHeaders.Role));
    }

    [Fact]
    public async Task A_reader_may_read_but_not_write()
    {
        await using var backend = await RecordingBackend.StartAsync("registry-service");
        await using var gateway = GatewayHost.Start([backend]);
        var (_, reader) = await gateway.CreateKeyAsync("reader");

        using var get = await gateway.SendAsync(HttpMethod.Get, "/api/registry/models", reader);
        using var head = await gateway.SendAsync(HttpMethod.Head, "/api/registry/models", reader);
        using var post = await gateway.SendAsync(HttpMethod.Post, "/api/registry/models/churn/promote", reader, new StringContent("{}"));
        using var delete = await gateway.SendAsync(HttpMethod.Delete, "/api/registry/models/churn", reader);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(post, HttpStatusCode.Forbidden);
        Assert.Contains("reader", problem.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.Forbidden);
        Assert.Equal(["GET", "HEAD"], backend.Requests.Select(request => request.Method));
    }

    [Fact]
    public async Task A_writer_may_write_to_services_but_not_manage_keys()
    {
        await using var backend = await RecordingBackend.StartAsync("training-service");
        await using var gateway = GatewayHost.Start([backend]);
        var (_, writer) = await gateway.CreateKeyAsync("writer");
        var (_, reader) = await gateway.CreateKeyAsync("reader");

        using var post = await gateway.SendAsync(HttpMethod.Post, "/api/training/jobs", writer, new StringContent("{}"));
        using var writerKeys = await gateway.SendAsync(HttpMethod.Get, "/api/keys", writer);
        using var readerKeys = await gateway.SendAsync(HttpMethod.Get, "/api/keys", reader);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("writer", Assert.Single(backend.Requests).Header(MlOpsHeaders.Role));
        await ProblemAssert.IsProblemAsync(writerKeys, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(readerKeys, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_and_docs_need_no_key()
    {
        await using var gateway = GatewayHost.Start([]);

        using var health = await gateway.SendAsync(HttpMethod.Get, "/health", key: null);
        using var alive = await gateway.SendAsync(HttpMethod.Get, "/alive", key: null);
        using var docs = await gateway.SendAsync(HttpMethod.Get, "/docs", key: null);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }
}