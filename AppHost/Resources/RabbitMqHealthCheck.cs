using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.Diagnostics.HealthChecks;

using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MlOps.AppHost.Resources;

/// <summary>Healthy when an AMQP connection with the broker's credentials opens.</summary>
internal sealed class RabbitMqHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            string? connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            var factory = new ConnectionFactory
            {
                Uri = new Uri(connectionString ?? throw new InvalidOperationException($"{resource.Name} has no connection string.")),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                AutomaticRecoveryEnabled = false,
            };
            await using IConnection connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}