using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.Inference.Service.Infrastructure;

/// <summary>Inference is ready only while it can reach the registry its models come from.</summary>
internal sealed class RegistryHealthCheck(RegistryClient registry) : IHealthCheck
{
    // A health probe must answer quickly, not wait out the client's retries against a dead registry.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await registry.IsAliveAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The registry answered, but is not alive.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The registry is unreachable: {ex.Message}");
        }
    }
}