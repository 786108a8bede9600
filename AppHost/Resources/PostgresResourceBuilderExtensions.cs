using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlOps.AppHost.Resources;

public static class PostgresResourceBuilderExtensions
{
    /// <summary>
    /// A private PostgreSQL server whose cluster lives in <paramref name="directory"/> (created on first start), listening
    /// on 127.0.0.1; the superuser's password is the parameter <c>{name}-password</c>, generated once and kept there.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string directory)
    {
        var cluster = new PostgresCluster(directory);
        int port = FreePort.Next();
        (string program, IReadOnlyList<string> arguments) = cluster.ServerCommand(port);
        IResourceBuilder<ParameterResource> password = builder.AddParameter($"{name}-password", () => cluster.Password, secret: true);
        var server = new PostgresServerResource(name, cluster, program, cluster.Directory, password.Resource);

        string healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => new PostgresHealthCheck(server), failureStatus: null, tags: null));

        IResourceBuilder<PostgresServerResource> resource = builder.AddResource(server)
            .WithArgs([.. arguments])
            .WithEndpoint(PostgresServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, ct) =>
        {
            ILogger logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await cluster.PrepareAsync(line => logger.LogInformation("{Line}", line), ct);
        });
        return resource;
    }

    /// <summary>
    /// A database on the server, created when the server is ready (as Aspire's own AddDatabase does); reported running
    /// and healthy from then on.
    /// </summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<IResourceWithConnectionString> server, string name)
    {
        IDistributedApplicationBuilder builder = server.ApplicationBuilder;
        var database = new PostgresDatabaseResource(name, server.Resource);
        string healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => new PostgresHealthCheck(database), failureStatus: null, tags: null));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, ct) =>
        {
            string connectionString = await server.Resource.ConnectionStringExpression.GetValueAsync(ct)
                ?? throw new InvalidOperationException($"{server.Resource.Name} has no connection string.");
            await PostgresDatabases.EnsureCreatedAsync(connectionString, name, ct);
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });
        return builder.AddResource(database)
            .WithParentRelationship(server.Resource)
            .WithHealthCheck(healthCheck)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", name)],
            })
            .WithIconName("DatabaseStack");
    }
}