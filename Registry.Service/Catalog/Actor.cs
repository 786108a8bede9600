using MlOps.ServiceDefaults.Http;

namespace MlOps.Registry.Service.Catalog;

/// <summary>Who made a change: the API key's id the gateway forwarded (never its secret) and the tenant.</summary>
public sealed record Actor(string? KeyId, string Tenant)
{
    public static Actor From(HttpContext context)
    {
        var keyId = context.Request.Headers[MlOpsHeaders.KeyId].ToString();
        return new Actor(keyId.Length == 0 ? null : keyId, RequestIdentity.From(context).Tenant);
    }
}