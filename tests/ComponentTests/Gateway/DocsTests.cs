using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class DocsTests
{
    private const string TelemetryDocument = """
        {
          "openapi": "3.1.1",
          "info": { "title": "Telemetry.Service | v1", "version": "1.0.0" },
          "paths": {
            "/api/telemetry/events/{stream}": {
              "post": { "summary": "Append events to a <stream>", "operationId": "AppendEvents" },
              "get": { "operationId": "ReadEvents" }
            },
            "/api/telemetry/statistics": {
              "get": { "summary": "Prediction statistics & latency" }
            }
          }
        }
        """;

    [Fact]
    public async Task The_reference_loads_every_services_document_and_its_script_from_the_gateway_alone()
    {
        await using var telemetry = await RecordingBackend.StartAsync("telemetry-service", TelemetryDocument);
        await using var gateway = GatewayHost.Start([telemetry]);

        using var response = await gateway.SendAsync(HttpMethod.Get, "/docs", key: null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var service in new[] { "telemetry-service", "training-service", "registry-service", "inference-service", "monitoring-service" })
        {
            Assert.Contains($"\"url\":\"docs/{service}.json\"", html);
        }

        var sources = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.False(Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal), source));
        foreach (var script in Regex.Matches(html, "<script[^>]+src=\"([^\"]+)\"").Select(match => match.Groups[1].Value))
        {
            using var asset = await gateway.SendAsync(HttpMethod.Get, new Uri(new Uri("http://gateway/docs/"), script).PathAndQuery, key: null);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }

    [Fact]
    public async Task The_raw_document_is_proxied_and_an_unreachable_one_is_a_503_problem()
    {
        await using var telemetry = await RecordingBackend.StartAsync("telemetry-service", TelemetryDocument);
        await using var gateway = GatewayHost.Start(
            [telemetry],
            new Dictionary<string, string?> { ["services:training-service:http:0"] = $"http://127.0.0.1:{UnusedPort()}" });

        using var raw = await gateway.SendAsync(HttpMethod.Get, "/docs/telemetry-service.json", key: null);
        using var unreachable = await gateway.SendAsync(HttpMethod.Get, "/docs/training-service.json", key: null);
        using var unknown = await gateway.SendAsync(HttpMethod.Get, "/docs/no-such-service.json", key: null);

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("application/json", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TelemetryDocument, await raw.Content.ReadAsStringAsync());
        var problem = await ProblemAssert.IsProblemAsync(unreachable, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("training-service", problem.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}