using MassTransit;

using Microsoft.Extensions.Diagnostics.HealthChecks;

using MlOps.AppHost.Resources;
using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Messaging;

using Xunit;

namespace MlOps.ComponentTests.Platform;

/// <summary>
/// Runs against a RabbitMQ node of its own, which the test stops and starts again, so the collection's
/// shared broker is never disturbed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxTests(PlatformServers servers) : IAsyncLifetime
{
    private readonly string _brokerData = Directory.CreateTempSubdirectory("mlops-outbox-").FullName;
    private RabbitMqServer _broker = null!;

    public async Task InitializeAsync() =>
        _broker = await RabbitMqServer.StartAsync(new RabbitMqServerOptions(_brokerData));

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_brokerData, recursive: true);
    }

    [Fact]
    public async Task An_event_written_while_the_broker_is_down_is_delivered_once_it_returns()
    {
        await using var host = await ProbeHost.StartAsync(servers.NewDatabase("outbox"), _broker.ConnectionString);
        await host.BecomesAsync(HealthStatus.Healthy);

        await _broker.StopAsync();
        await host.BecomesAsync(HealthStatus.Unhealthy);

        var probe = new ProbeMessage(Guid.NewGuid(), "written while the broker was down");
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(connection, transaction, probe, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await Eventually.HoldsAsync(async () => await host.ScalarAsync(
            "SELECT count(*) FROM outbox_messages WHERE attempts > 0 AND last_error IS NOT NULL AND dispatched_at IS NULL") == 1,
            "a failed relay attempt recorded");
        Assert.Equal(0, await host.ScalarAsync("SELECT count(*) FROM probe_received"));

        await _broker.StartAgainAsync();

        await Eventually.HoldsAsync(async () => await host.ScalarAsync(
            "SELECT count(*) FROM probe_received WHERE probe_id = $1", probe.ProbeId) == 1, "the probe delivered");
        Assert.Equal(1, await host.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NOT NULL"));
        await host.BecomesAsync(HealthStatus.Healthy);
    }

    [Fact]
    public async Task An_event_rolled_back_with_its_change_is_never_published()
    {
        await using var host = await ProbeHost.StartAsync(servers.NewDatabase("outbox"), _broker.ConnectionString);
        await host.BecomesAsync(HealthStatus.Healthy);

        var rolledBack = new ProbeMessage(Guid.NewGuid(), "rolled back");
        var committed = new ProbeMessage(Guid.NewGuid(), "committed");
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await Outbox.EnqueueAsync(connection, transaction, rolledBack, CancellationToken.None);
                await transaction.RollbackAsync();
            }

            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await Outbox.EnqueueAsync(connection, transaction, committed, CancellationToken.None);
                await transaction.CommitAsync();
            }
        }

        await Eventually.HoldsAsync(async () => await host.ScalarAsync(
            "SELECT count(*) FROM probe_received WHERE probe_id = $1", committed.ProbeId) == 1, "the committed probe delivered");
        Assert.Equal(0, await host.ScalarAsync("SELECT count(*) FROM probe_received WHERE probe_id = $1", rolledBack.ProbeId));
    }

}