using MassTransit;

using Microsoft.Extensions.DependencyInjection;

namespace MlOps.ComponentTests.Infrastructure;

public static class BusStart
{
    /// <summary>
    /// Waits (up to 30 s) for a host's bus to finish starting before the host is disposed: a bus stopped while it is
    /// still starting finishes starting afterwards and keeps consuming from the shared queues on a disposed host,
    /// taking later tests' messages.
    /// </summary>
    public static async Task CompletedAsync(IServiceProvider services)
    {
        var bus = services.GetRequiredService<IBusControl>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}