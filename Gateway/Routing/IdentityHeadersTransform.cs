using System.Security.Claims;

using Microsoft.Net.Http.Headers;

using MlOps.Gateway.Authentication;
using MlOps.ServiceDefaults.Http;

using Yarp.ReverseProxy.Transforms;

namespace MlOps.Gateway.Routing;

/// <summary>
/// Replaces whatever identity headers a client sent with the tenant, role and key id of its API key,
/// and keeps the key itself away from the services.
/// </summary>
internal sealed class IdentityHeadersTransform : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var user = context.HttpContext.User;
        RemoveHeader(context, HeaderNames.Authorization);
        Replace(context, MlOpsHeaders.Tenant, user.FindFirstValue(ApiKeyClaimTypes.Tenant));
        Replace(context, MlOpsHeaders.Role, user.FindFirstValue(ClaimTypes.Role));
        Replace(context, MlOpsHeaders.KeyId, user.FindFirstValue(ApiKeyClaimTypes.KeyId));
        return ValueTask.CompletedTask;
    }

    private static void Replace(RequestTransformContext context, string headerName, string? value)
    {
        RemoveHeader(context, headerName);
        if (value is not null)
        {
            AddHeader(context, headerName, value);
        }
    }
}