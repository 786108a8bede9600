using System.Collections.Concurrent;
using System.Text.Json;

using RabbitMQ.Client;

namespace MlOps.ComponentTests.Registry;

/// <summary>
/// A private queue bound to the exchanges MassTransit publishes message types to (named after the type), so a test
/// sees the events a service really put on the broker. Each body is MassTransit's envelope; <c>message</c> is the event.
/// </summary>
public sealed class BrokerTap : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly ConcurrentBag<(string Exchange, JsonElement Message)> _received = [];

    private BrokerTap(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<BrokerTap> StartAsync(string amqpUri, params Type[] messageTypes)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in messageTypes)
        {
            // Declared as MassTransit declares it, so whichever side comes first, both agree.
            var exchange = $"{type.Namespace}:{type.Name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
        }

        return new BrokerTap(connection, channel, queue);
    }

    /// <summary>Every event received so far from <typeparamref name="T"/>'s exchange, as its JSON.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReceivedAsync<T>()
    {
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            _received.Add((delivery.Exchange, envelope.RootElement.GetProperty("message").Clone()));
        }

        var exchange = $"{typeof(T).Namespace}:{typeof(T).Name}";
        return _received.Where(r => r.Exchange == exchange).Select(r => r.Message).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}