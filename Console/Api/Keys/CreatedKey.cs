namespace MlOps.Console.Api.Keys;

public sealed record CreatedKey(string Id, string Key, string Tenant, string Role, string Name, DateTimeOffset CreatedAt);