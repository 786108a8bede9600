using Aspire.Hosting.ApplicationModel;

namespace MlOps.AppHost.Resources;

/// <summary>One service's database on a PostgreSQL server: the server's connection string with the database named.</summary>
public sealed class PostgresDatabaseResource(string name, IResourceWithConnectionString parent)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent { get; } = parent;

    public string DatabaseName => Name;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}