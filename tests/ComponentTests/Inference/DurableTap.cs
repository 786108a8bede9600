using System.Text.Json;

using RabbitMQ.Client;

namespace MlOps.ComponentTests.Inference;

/// <summary>
/// A durable queue bound to one event type's exchange, so events published after the broker restarted still reach
/// it. Every read connects afresh, which survives the broker going away between reads.
/// </summary>
public sealed class DurableTap
{
    private readonly string _amqpUri;
    private readonly string _queue = $"durable-tap-{Guid.NewGuid():N}";
    private readonly List<JsonElement> _received = [];

    private DurableTap(string amqpUri) => _amqpUri = amqpUri;

    public static async Task<DurableTap> StartAsync<T>(string amqpUri)
    {
        var tap = new DurableTap(amqpUri);
        await using var connection = await tap.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = $"{typeof(T).Namespace}:{typeof(T).Name}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(tap._queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(tap._queue, exchange, routingKey: "");
        return tap;
    }

    /// <summary>Every event received so far, as its JSON (the envelope's <c>message</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> ReceivedAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            _received.Add(envelope.RootElement.GetProperty("message").Clone());
        }

        return _received;
    }

    private Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = new Uri(_amqpUri) }.CreateConnectionAsync();
}