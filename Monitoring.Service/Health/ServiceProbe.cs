using System.Diagnostics;

namespace MlOps.Monitoring.Service.Health;

/// <summary>Asks every other service for its <c>/health</c>, all at once, each within a short timeout.</summary>
public sealed class ServiceProbe(IHttpClientFactory clients)
{
    public const string HttpClientName = "service-probe";

    public static readonly IReadOnlyList<string> Services =
        ["gateway", "telemetry-service", "training-service", "registry-service", "inference-service"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<ServiceHealth>> ProbeAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Services.Select(service => ProbeAsync(service, cancellationToken)));

    private async Task<ServiceHealth> ProbeAsync(string service, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await clients.CreateClient(HttpClientName).GetAsync($"http://{service}/health", timeout.Token);
            var ms = watch.Elapsed.TotalMilliseconds;
            return response.IsSuccessStatusCode
                ? new ServiceHealth(service, "healthy", "Ready.", ms)
                : new ServiceHealth(service, "unhealthy", $"/health answered {(int)response.StatusCode}.", ms);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceHealth(service, "unhealthy", $"Not reachable: {ex.Message}", null);
        }
    }
}