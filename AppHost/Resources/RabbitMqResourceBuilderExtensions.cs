using System.Globalization;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.DependencyInjection;

namespace MlOps.AppHost.Resources;

public static class RabbitMqResourceBuilderExtensions
{
    /// <summary>
    /// A private RabbitMQ node whose data lives in <paramref name="directory"/>, listening on 127.0.0.1, with an epmd of
    /// its own (a child resource, so it stops with the rest); its user and password are the parameters
    /// <c>{name}-user</c> and <c>{name}-password</c>, generated once and kept there.
    /// </summary>
    public static IResourceBuilder<RabbitMqServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string directory)
    {
        var files = new RabbitMqNodeFiles(Path.GetFullPath(directory));
        (string userName, string passwordValue) = files.Credentials();
        int port = FreePort.Next();
        int epmdPort = FreePort.Next();
        Dictionary<string, string> environment = files.Environment(port, distributionPort: FreePort.Next(), epmdPort);

        IResourceBuilder<ParameterResource> user = builder.AddParameter($"{name}-user", () => userName);
        IResourceBuilder<ParameterResource> password = builder.AddParameter($"{name}-password", () => passwordValue, secret: true);
        var server = new RabbitMqServerResource(name, files.Folder, user.Resource, password.Resource);

        string epmdHealthCheck = $"{name}-epmd-listens";
        string healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks()
            .Add(new(epmdHealthCheck, _ => new TcpHealthCheck(epmdPort), failureStatus: null, tags: null))
            .Add(new(healthCheck, _ => new RabbitMqHealthCheck(server), failureStatus: null, tags: null));

        // Started before the node, which would otherwise start a daemon epmd that outlives everything.
        IResourceBuilder<ExecutableResource> epmd = builder
            .AddExecutable($"{name}-epmd", "epmd", files.Folder, "-port", epmdPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment(context =>
            {
                foreach ((string variable, string value) in RabbitMqNodeFiles.EpmdEnvironment(epmdPort))
                {
                    context.EnvironmentVariables[variable] = value;
                }
            })
            .WithHealthCheck(epmdHealthCheck)
            .WithParentRelationship(server)
            .WithIconName("PlugConnected");

        IResourceBuilder<RabbitMqServerResource> resource = builder.AddResource(server)
            .WithEnvironment(context =>
            {
                foreach ((string variable, string value) in environment)
                {
                    context.EnvironmentVariables[variable] = value;
                }
            })
            .WithEndpoint(RabbitMqServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.UriScheme = "amqp";
                endpoint.IsProxied = false;
            })
            .WithHealthCheck(healthCheck)
            .WaitFor(epmd)
            .WithIconName("Mail");
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, (_, _) =>
        {
            files.Prepare(port);
            File.Delete(files.PidFile);
            return Task.CompletedTask;
        });
        return resource;
    }
}