namespace MlOps.Console.Account;

/// <summary>The gateway's answer to <c>GET /api/keys/me</c>.</summary>
public sealed record CallerKey(string Id, string Tenant, string Role, string Name);