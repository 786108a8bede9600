using System.Net;
using System.Net.Sockets;

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
    public async Task The_page_lists_a_services_operations_encoded_and_shows_an_unreachable_one_as_unavailable()
    {
        await using var telemetry = await RecordingBackend.StartAsync("telemetry-service", TelemetryDocument);
        await using var gateway = GatewayHost.Start(
            [telemetry],
            new Dictionary<string, string?> { ["services:training-service:http:0"] = $"http://127.0.0.1:{UnusedPort()}" });

        using var response = await gateway.SendAsync(HttpMethod.Get, "/docs", key: null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var telemetrySection = Section(html, "telemetry-service");
        Assert.Contains("Telemetry.Service | v1", telemetrySection);
        Assert.Contains("/api/telemetry/events/{stream}", telemetrySection);
        Assert.Contains("Append events to a &lt;stream&gt;", telemetrySection);
        Assert.Contains("ReadEvents", telemetrySection);
        Assert.Contains("Prediction statistics &amp; latency", telemetrySection);
        Assert.Contains("href=\"/docs/telemetry-service.json\"", telemetrySection);
        Assert.DoesNotContain("<stream>", html);
        Assert.Contains("Unavailable", Section(html, "training-service"));
        Assert.Contains("Unavailable", Section(html, "registry-service"));
        Assert.DoesNotContain("Unavailable", telemetrySection);
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

    private static string Section(string html, string resource)
    {
        var start = html.IndexOf($"<section id=\"{resource}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section for {resource}.");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}