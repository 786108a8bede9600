using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.Inference.Service.Serving;

/// <summary>Inference is ready only once the models deployed when it started are loaded.</summary>
internal sealed class ModelsLoadedHealthCheck(ModelSynchronizer synchronizer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(synchronizer.Ready
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The deployed models are still being loaded."));
}