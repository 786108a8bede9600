using System.Text;

using MassTransit;

using Microsoft.Extensions.Diagnostics.HealthChecks;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Messaging;

using RabbitMQ.Client;

using Xunit;

namespace MlOps.ComponentTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class ErrorQueueTests(PlatformServers servers)
{
    [Fact]
    public async Task A_message_that_keeps_failing_is_moved_to_the_error_queue_and_its_work_rolled_back()
    {
        await using var host = await ProbeHost.StartAsync(servers.NewDatabase("errors"), servers.RabbitMq.ConnectionString);
        await host.BecomesAsync(HealthStatus.Healthy);

        var messageId = Guid.NewGuid();
        var poison = new ProbeMessage(Guid.NewGuid(), ProbeConsumer.Poison);
        await host.Bus.Publish(poison, context => context.MessageId = messageId);

        await using var connection = await Connect(servers.RabbitMq.ConnectionString);
        await Eventually.HoldsAsync(
            async () => await TakeFromErrorQueueAsync(connection, poison.ProbeId),
            "the poison probe in the error queue");
        Assert.Equal(0, await host.ScalarAsync("SELECT count(*) FROM probe_received WHERE probe_id = $1", poison.ProbeId));
        Assert.Equal(0, await host.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = $1", messageId));
    }

    private static async Task<bool> TakeFromErrorQueueAsync(IConnection connection, Guid probeId)
    {
        // A channel per look: asking for a queue that does not exist yet closes the channel.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            while (await channel.BasicGetAsync($"{ProbeConsumer.Queue}_error", autoAck: true) is { } message)
            {
                if (Encoding.UTF8.GetString(message.Body.Span).Contains(probeId.ToString(), StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            // MassTransit creates the error queue with the first fault.
        }

        return false;
    }

    private static Task<IConnection> Connect(string uri)
    {
        var broker = AmqpAddress.Parse(uri);
        return new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            VirtualHost = broker.VirtualHost,
            UserName = broker.Username,
            Password = broker.Password,
        }.CreateConnectionAsync();
    }
}