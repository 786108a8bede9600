using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>The system runs on servers the test owns, so the test can take the broker away and bring it back.</summary>
public sealed class BrokerOutageTests() : OwnServersTest("broker")
{
    private static readonly string[] BusServices =
        ["telemetry-service", "training-service", "registry-service", "monitoring-service", "inference-service"];

    [Fact]
    public async Task Services_report_unhealthy_without_the_broker_keep_accepting_events_and_recover_by_themselves()
    {
        await using var system = await AspireSystem.StartAsync(Path.Combine(Root, "system"), FreePort.Next(),
            "mlops_e2e_" + Guid.NewGuid().ToString("N"), ServersEnvironment());
        using var client = system.CreateClient();

        await Broker.StopAsync();
        foreach (var service in BusServices)
        {
            await WaitForHealthAsync(system.ServiceUrl(service), HttpStatusCode.ServiceUnavailable);
        }

        var posted = await client.PostAsync("/api/telemetry/events/outage",
            new StringContent("""{"during":"outage"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        await Broker.StartAgainAsync();
        foreach (var service in BusServices)
        {
            await WaitForHealthAsync(system.ServiceUrl(service), HttpStatusCode.OK);
        }

        var page = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/outage");
        Assert.Equal("outage", Assert.Single(page.GetProperty("events").EnumerateArray()).GetProperty("data").GetProperty("during").GetString());
    }

    private static async Task WaitForHealthAsync(Uri service, HttpStatusCode expected)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpStatusCode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(service, "/health"));
                last = response.StatusCode;
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{service}/health stayed {last}, expected {expected}");
    }
}