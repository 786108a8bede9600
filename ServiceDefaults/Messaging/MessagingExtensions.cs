using MassTransit;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlOps.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Connects the service to RabbitMQ through MassTransit from <c>ConnectionStrings:messaging</c>
    /// (an AMQP URI). Consumers are retried with back-off and then moved to their <c>_error</c> queue;
    /// <c>/health</c> fails while the broker is unreachable.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName}.");
        var broker = AmqpAddress.Parse(connectionString);
        var options = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddSingleton(new BrokerHealthCheck(broker));
        builder.Services.AddHealthChecks().AddCheck<BrokerHealthCheck>(ConnectionName);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                });
                rabbit.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Relays the events the service wrote to its outbox table (see <see cref="Outbox"/>) to the broker,
    /// retrying with back-off while the broker is unreachable. Needs the service database and messaging.
    /// </summary>
    public static IHostApplicationBuilder AddTransactionalOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}