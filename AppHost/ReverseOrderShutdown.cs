using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlOps.AppHost;

/// <summary>
/// Stops the resources wave by wave when the AppHost stops, the gateway first and PostgreSQL last, before the
/// orchestrator tears down whatever is left: no service loses its broker or database while it still works, and
/// PostgreSQL shuts down with no client left (a clean shutdown, no recovery on the next start).
/// </summary>
internal sealed class ReverseOrderShutdown(
    IReadOnlyList<string[]> waves, ResourceCommandService commands, ResourceNotificationService notifications, ILogger<ReverseOrderShutdown> logger)
    : IHostedService
{
    private static readonly TimeSpan s_waveTimeout = TimeSpan.FromSeconds(30);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (string[] wave in waves)
        {
            await Task.WhenAll(wave.Select(StopAsync));
        }
    }

    private async Task StopAsync(string resource)
    {
        if (!notifications.TryGetCurrentState(resource, out ResourceEvent? current)
            || current.Snapshot.State?.Text != KnownResourceStates.Running)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(s_waveTimeout);
        try
        {
            ExecuteCommandResult result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, timeout.Token);
            if (!result.Success)
            {
                logger.LogWarning("Stopping {Resource} failed: {Message}", resource, result.Message);
                return;
            }

            await notifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Resource} did not stop within {Seconds} s; the orchestrator stops it with the rest", resource, s_waveTimeout.TotalSeconds);
        }
    }
}