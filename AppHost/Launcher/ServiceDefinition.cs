namespace MlOps.AppHost.Launcher;

/// <param name="Name">The resource name: OTEL_SERVICE_NAME and the services__NAME__http__0 key the others find it by.</param>
/// <param name="Database">The database it owns, given as ConnectionStrings__DATABASE.</param>
/// <param name="UsesMessaging">Whether it gets ConnectionStrings__messaging.</param>
/// <param name="DependsOn">Services that must be healthy before it starts.</param>
internal sealed record ServiceDefinition(string Name, string? Database, bool UsesMessaging, IReadOnlyList<string> DependsOn);