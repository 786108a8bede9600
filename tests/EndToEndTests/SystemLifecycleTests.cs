using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.AppHost.Resources;
using MlOps.SystemHarness;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// The AppHost run as a user runs it, in a process of its own: it serves through the gateway, a kill -9 of the AppHost
/// alone takes every server and service with it, and the next start finds the data where it was and stops cleanly.
/// </summary>
public sealed class SystemLifecycleTests : IDisposable
{
    // Linux's SCHED_BATCH, which the AppHost passes on to every server and service it starts.
    private const int SchedBatch = 3;

    private static readonly TimeSpan OrphanTimeout = TimeSpan.FromSeconds(90);

    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-").FullName;
    private readonly string _apiKey = "mlops_e2e_" + Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_killed_AppHost_leaves_nothing_running_and_the_next_start_keeps_the_data_and_stops_cleanly()
    {
        var gatewayPort = FreePort.Next();
        await using (var system = await RunningSystem.StartAsync(_data, gatewayPort, _apiKey))
        {
            Assert.Contains("Login to the dashboard at http://127.0.0.1:", system.Output);
            Assert.Contains($"Gateway: http://localhost:{gatewayPort}", system.Output);

            using var client = system.CreateClient();
            var posted = await client.PostAsync("/api/telemetry/events/drowsiness",
                Json("""{"ear_value":0.18,"is_drowsy":true,"duration_ms":4000}"""));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

            var page = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/drowsiness");
            var data = Assert.Single(page.GetProperty("events").EnumerateArray()).GetProperty("data");
            Assert.Equal(0.18, data.GetProperty("ear_value").GetDouble());

            using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/telemetry/events/drowsiness");
            csvRequest.Headers.Accept.ParseAdd("text/csv");
            var csv = await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync();
            Assert.StartsWith("id,received_at,ear_value,is_drowsy,duration_ms\r\n", csv);
            Assert.Contains(",0.18,true,4000\r\n", csv);

            await AssertRefusedAsync(system);
            await AssertIdempotentAsync(client);

            // The orchestrator, the dashboard, epmd, RabbitMQ, PostgreSQL and its backends, six services.
            var processes = system.Processes();
            Assert.True(processes.Count >= 12, $"expected the orchestrator, servers and six services, found {processes.Count} processes");
            var policies = processes.SelectMany(SystemProcesses.ThreadPolicies).ToList();
            Assert.NotEmpty(policies);
            Assert.All(policies, policy => Assert.Equal(SchedBatch, policy));

            await system.KillAppHostAsync();
            await WaitUntilGoneAsync(processes);
        }

        await using (var restarted = await RunningSystem.StartAsync(_data, gatewayPort, _apiKey))
        {
            using var client = restarted.CreateClient();
            var page = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/drowsiness");
            Assert.Equal(2, page.GetProperty("count").GetInt32());

            var processes = restarted.Processes();
            Assert.Equal(0, await restarted.StopAsync());
            await WaitUntilGoneAsync(processes);
        }
    }

    private static async Task WaitUntilGoneAsync(IReadOnlySet<int> processes)
    {
        var deadline = DateTime.UtcNow + OrphanTimeout;
        while (processes.Any(SystemProcesses.IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.DoesNotContain(processes, SystemProcesses.IsRunning);
    }

    private static async Task AssertRefusedAsync(RunningSystem system)
    {
        using var anonymous = system.CreateClient(withKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/telemetry/events/drowsiness")).StatusCode);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mlops_not_a_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/telemetry/events/drowsiness")).StatusCode);

        using var client = system.CreateClient();
        var malformed = await client.PostAsync("/api/telemetry/events/drowsiness", Json("""{"ear_value":"""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertIdempotentAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/events/drowsiness")
            {
                Content = Json("""{"ear_value":0.31,"is_drowsy":false,"duration_ms":1200}"""),
            };
            request.Headers.Add("Idempotency-Key", "e2e-once");
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        }

        var page = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/drowsiness");
        Assert.Equal(2, page.GetProperty("count").GetInt32());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}