namespace MlOps.AppHost.Resources;

/// <param name="DataDirectory">The node's own folder: data, configuration, credentials and Erlang cookie live there.</param>
public sealed record RabbitMqServerOptions(string DataDirectory)
{
    /// <summary>The AMQP port on 127.0.0.1; a free one when not set.</summary>
    public int? Port { get; init; }
}