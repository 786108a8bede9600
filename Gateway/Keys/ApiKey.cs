namespace MlOps.Gateway.Keys;

/// <summary>An API key as stored: the SHA-256 of its secret, never the secret itself.</summary>
public sealed record ApiKey(string Id, string Tenant, string Role, string Name, string Sha256, DateTimeOffset CreatedAt);