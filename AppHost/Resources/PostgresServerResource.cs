using Aspire.Hosting.ApplicationModel;

namespace MlOps.AppHost.Resources;

/// <summary>A PostgreSQL server run from the Debian binaries by the orchestrator: no container engine needed.</summary>
public sealed class PostgresServerResource(string name, PostgresCluster cluster, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public PostgresCluster Cluster { get; } = cluster;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username={PostgresCluster.Superuser};Password={Password}");
}