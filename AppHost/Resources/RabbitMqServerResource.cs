using Aspire.Hosting.ApplicationModel;

namespace MlOps.AppHost.Resources;

/// <summary>A RabbitMQ node run from the Debian package by the orchestrator: no container engine needed.</summary>
public sealed class RabbitMqServerResource(string name, string workingDirectory, ParameterResource user, ParameterResource password)
    : ExecutableResource(name, RabbitMqNodeFiles.ServerScript, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "amqp";

    private EndpointReference? _endpoint;

    public ParameterResource User { get; } = user;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{User}:{Password}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");
}