namespace MlOps.Console.Api.Keys;

public sealed record KeySummary(string Id, string Tenant, string Role, string Name, DateTimeOffset CreatedAt);