using Microsoft.AspNetCore.Authorization;

using MlOps.Gateway.Keys;

namespace MlOps.Gateway.Authorization;

internal sealed class RoleMethodAuthorizationHandler : AuthorizationHandler<RoleMethodRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleMethodRequirement requirement)
    {
        if (context.User.IsInRole(ApiKeyRoles.Admin)
            || context.User.IsInRole(ApiKeyRoles.Writer)
            || (context.User.IsInRole(ApiKeyRoles.Reader) && context.Resource is HttpContext http && IsRead(http.Request.Method)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}