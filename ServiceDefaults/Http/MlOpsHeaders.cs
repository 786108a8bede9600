namespace MlOps.ServiceDefaults.Http;

/// <summary>Headers the platform sets between its own components.</summary>
public static class MlOpsHeaders
{
    public const string CorrelationId = "X-Correlation-Id";

    /// <summary>Set by the gateway from the caller's API key; clients' own values are removed.</summary>
    public const string Tenant = "X-MlOps-Tenant";

    /// <summary>Set by the gateway from the caller's API key; clients' own values are removed.</summary>
    public const string Role = "X-MlOps-Role";

    /// <summary>Set by the gateway: the id (never the secret) of the key that made the request.</summary>
    public const string KeyId = "X-MlOps-Key-Id";

    public const string DefaultTenant = "default";
}