namespace MlOps.Gateway.Keys;

/// <summary>A new key, with its secret: the only time the secret is ever shown.</summary>
public sealed record CreatedApiKey(string Id, string Key, string Tenant, string Role, string Name, DateTimeOffset CreatedAt);