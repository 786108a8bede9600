using Microsoft.Extensions.Options;

using MlOps.Monitoring.Service.Infrastructure;

using Npgsql;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>
/// Checks each deployed model's champion when its policy's interval has passed. The claim is taken in the
/// database, so replicas of this service do not check the same model twice.
/// </summary>
public sealed class ScheduledChecks(
    PolicyStore policies, DriftChecker checker, IOptions<MonitoringOptions> options, ILogger<ScheduledChecks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerPollInterval);
        do
        {
            try
            {
                foreach (var (tenant, model, version) in await policies.ClaimDueAsync(stoppingToken))
                {
                    try
                    {
                        await checker.CheckAsync(tenant, model, version, from: null, to: null, "scheduled", stoppingToken);
                    }
                    catch (Exception ex) when (ex is NpgsqlException or HttpRequestException)
                    {
                        logger.LogWarning(ex, "The scheduled drift check of {Model} version {Version} failed; it runs again at its next interval", model, version);
                    }
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Could not look for models due a drift check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}