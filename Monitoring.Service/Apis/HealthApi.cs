using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Monitoring.Service.Health;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Apis;

public static class HealthApi
{
    private const int MaxSeconds = 7 * 86_400;

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/monitoring").WithTags("Health")
            .MapGet("/health", GetHealth).WithName("GetPlatformHealth")
            .WithSummary("Per deployed model and per service: latency, throughput and alerts over the last interval, with a status and its reason");
        return app;
    }

    public static async Task<Results<Ok<PlatformHealth>, ValidationProblem>> GetHealth(
        int? seconds, HttpContext context, DeploymentStore deployments, CountStore counts, AlertStore alerts,
        ServiceProbe services, TelemetryClient telemetry, IOptions<MonitoringOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (seconds is < 1 or > MaxSeconds)
        {
            return Problems.Invalid("seconds", $"'seconds' is from 1 to {MaxSeconds}.");
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var to = time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(seconds ?? 300);
        var from = to - interval;
        var open = (await alerts.ListAsync(tenant, "open", model: null, 500, cancellationToken)).ToLookup(alert => alert.Model);
        var models = new List<ModelHealth>();
        foreach (var deployed in await deployments.ListAsync(tenant, cancellationToken))
        {
            // Whole buckets that overlap the interval: with hour buckets this counts up to an hour more than asked.
            var latency = await counts.LatencyAsync(tenant, deployed.Model, options.Value.BucketOf(from), to, cancellationToken);
            models.Add(ModelHealth.Assess(deployed, latency, await telemetry.ErrorRateAsync(tenant, deployed.Model, from, to, cancellationToken),
                open[deployed.Model].Count(), interval));
        }

        return TypedResults.Ok(new PlatformHealth(from, to, models, await services.ProbeAsync(cancellationToken)));
    }
}