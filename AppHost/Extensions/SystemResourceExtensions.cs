using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MlOps.AppHost.Resources;

namespace MlOps.AppHost;

internal static class SystemResourceExtensions
{
    private static readonly string[] s_dashboardUrls =
        [
            "ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL",
            "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "DOTNET_RESOURCE_SERVICE_ENDPOINT_URL",
        ];

    // The configuration sections the services read.
    private static readonly string[] s_serviceSettings =
        ["Datasets", "EventStreams", "Gateway", "Inference", "Messaging", "Monitoring", "Outbox", "Predictions", "RateLimits", "Registry", "Tracing", "Training"];

    /// <summary>
    /// Installs the server packages when a private server needs them, and puts this process under SCHED_BATCH before
    /// the orchestrator starts, so that every server and service inherits it.
    /// </summary>
    public static async Task PrepareMachineAsync(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (options.PostgresConnectionString is null || options.MessagingConnectionString is null)
        {
            await Prerequisites.EnsureInstalledAsync(Console.WriteLine);
        }

        // The dashboard binds its ports only once the application starts, after the services' ports were chosen.
        foreach (string setting in s_dashboardUrls)
        {
            foreach (string url in (builder.Configuration[setting] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
                {
                    FreePort.Reserve(uri.Port);
                }
            }
        }

        if (options.BatchScheduling && !BatchScheduling.ApplyToThisProcess())
        {
            Console.WriteLine("Batch scheduling is unavailable here: the system runs under normal scheduling.");
        }

        Directory.CreateDirectory(options.DataDirectory);
    }

    /// <summary>On shutdown, stops the resources a wave at a time, in the order given.</summary>
    public static void StopInOrder(this IDistributedApplicationBuilder builder, params IResourceBuilder<IResource>[][] waves)
    {
        string[][] names = [.. waves.Select(wave => wave.Select(resource => resource.Resource.Name).ToArray())];
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ReverseOrderShutdown>(services, (IReadOnlyList<string[]>)names));
    }

    /// <summary>The private PostgreSQL server under the data folder, or the one ConnectionStrings:postgres names.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgres(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        return options.PostgresConnectionString is null
            ? builder.AddLocalPostgres("postgres", options.DataFolder("postgres"))
            : builder.AddConnectionString("postgres");
    }

    /// <summary>The private RabbitMQ node under the data folder, or the broker ConnectionStrings:messaging names.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        return options.MessagingConnectionString is null
            ? builder.AddLocalRabbitMq("messaging", options.DataFolder("rabbitmq"))
            : builder.AddConnectionString("messaging");
    }

    /// <summary>
    /// A service on a port of its own, reached directly rather than through the orchestrator's proxy (a proxy hop on
    /// every request costs more CPU than the service's own work), healthy when its /health answers 200. The services'
    /// own settings given to the AppHost (<c>RateLimits__Burst=…</c> in its environment, say) are passed on to it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int? port = null)
        where TProject : IProjectMetadata, new()
    {
        IConfiguration configuration = builder.Configuration;
        return builder.AddProject<TProject>(name)
            .WithHttpEndpoint(port: port ?? FreePort.Next(), isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment(context =>
            {
                foreach (string section in s_serviceSettings)
                {
                    foreach ((string key, string? value) in configuration.GetSection(section).AsEnumerable())
                    {
                        if (value is not null)
                        {
                            context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                        }
                    }
                }
            });
    }

    /// <summary>
    /// The gateway's key store under the data folder, the bootstrap admin key and the dashboard's key; a newly generated
    /// admin key is printed once, with the gateway's URL, when the gateway is healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiKeys(this IResourceBuilder<ProjectResource> gateway, AppHostOptions options)
    {
        (string? adminKey, bool isNew) = AdminApiKey.Resolve(options);
        Directory.CreateDirectory(options.DataFolder("gateway"));
        gateway
            .WithEnvironment("ApiKeys__StorePath", AdminApiKey.StorePath(options))
            .WithEnvironment("ApiKeys__Dashboard", AdminApiKey.Dashboard(options));
        if (adminKey is not null)
        {
            gateway.WithEnvironment("ApiKeys__Bootstrap", adminKey);
        }

        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (@event, _) =>
        {
            ILogger logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MlOps");
            logger.LogInformation("Gateway: http://localhost:{Port}", options.GatewayPort);
            if (isNew)
            {
                logger.LogInformation("Admin API key (shown once): {Key}", adminKey);
            }

            return Task.CompletedTask;
        });
        return gateway;
    }
}