namespace MlOps.Gateway.Keys;

/// <summary>A key as listed: neither its secret nor its hash.</summary>
public sealed record ApiKeySummary(string Id, string Tenant, string Role, string Name, DateTimeOffset CreatedAt)
{
    public static ApiKeySummary From(ApiKey key) => new(key.Id, key.Tenant, key.Role, key.Name, key.CreatedAt);
}