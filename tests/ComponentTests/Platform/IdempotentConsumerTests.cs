using MassTransit;

using Microsoft.Extensions.Diagnostics.HealthChecks;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class IdempotentConsumerTests(PlatformServers servers)
{
    [Fact]
    public async Task A_message_delivered_twice_is_handled_once()
    {
        await using var host = await ProbeHost.StartAsync(servers.NewDatabase("inbox"), servers.RabbitMq.ConnectionString);
        await host.BecomesAsync(HealthStatus.Healthy);
        var deliveries = new DeliveryCounter();
        using var observer = host.Bus.ConnectConsumeObserver(deliveries);

        var messageId = Guid.NewGuid();
        var probe = new ProbeMessage(Guid.NewGuid(), "sent twice");
        await host.Bus.Publish(probe, context => context.MessageId = messageId);
        await host.Bus.Publish(probe, context => context.MessageId = messageId);

        await Eventually.HoldsAsync(() => Task.FromResult(deliveries.Count == 2), "both deliveries consumed");

        Assert.Equal(1, await host.ScalarAsync("SELECT count(*) FROM probe_received WHERE probe_id = $1", probe.ProbeId));
        Assert.Equal(1, await host.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = $1", messageId));
    }

    private sealed class DeliveryCounter : IConsumeObserver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is ProbeMessage)
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}