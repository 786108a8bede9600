using Microsoft.Extensions.Diagnostics.HealthChecks;

using RabbitMQ.Client;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// Ready only while the broker accepts an AMQP connection. MassTransit's own check watches receive
/// endpoints and stays healthy in a service that has none, so the broker is checked directly, on one
/// kept-open connection that is re-opened after the broker went away.
/// </summary>
internal sealed class BrokerHealthCheck(AmqpAddress broker) : IHealthCheck, IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return HealthCheckResult.Healthy();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            var factory = new ConnectionFactory
            {
                HostName = broker.Host,
                Port = broker.Port,
                VirtualHost = broker.VirtualHost,
                UserName = broker.Username,
                Password = broker.Password,
                RequestedConnectionTimeout = ConnectTimeout,
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "health-check",
            };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The broker at {broker.Host}:{broker.Port} is unreachable: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}