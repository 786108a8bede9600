using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Http;

/// <summary>The tenant and role the gateway established for a request.</summary>
public sealed record RequestIdentity(string Tenant, string Role)
{
    /// <summary>
    /// Reads what the gateway forwarded. Services are reachable only behind the gateway, which strips
    /// these headers from clients; a request without them (a direct call on the host) is the default tenant.
    /// </summary>
    public static RequestIdentity From(HttpContext context)
    {
        var tenant = context.Request.Headers[MlOpsHeaders.Tenant].ToString();
        var role = context.Request.Headers[MlOpsHeaders.Role].ToString();
        return new RequestIdentity(
            string.IsNullOrEmpty(tenant) ? MlOpsHeaders.DefaultTenant : tenant,
            string.IsNullOrEmpty(role) ? "admin" : role);
    }
}