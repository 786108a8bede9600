using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Gateway.Authorization;
using MlOps.Gateway.RateLimiting;
using MlOps.Gateway.Routing;

namespace MlOps.Gateway.Apis;

/// <summary>
/// Answers <c>/api/**</c> requests that no service route takes, behind the same key check: a service without a
/// configured address has no proxy route, so it gets a 503 naming it; anything else is a 404.
/// </summary>
public static class UnroutedApi
{
    public static IEndpointRouteBuilder MapUnroutedApi(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**rest}", HandleUnrouted)
            .RequireAuthorization(GatewayPolicies.ServiceAccess)
            .RequireRateLimiting(PerKeyRateLimiterPolicy.Name)
            .ExcludeFromDescription();
        return app;
    }

    public static ProblemHttpResult HandleUnrouted(HttpRequest request) =>
        BackendServices.FindByPath(request.Path) is { } service
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service unavailable",
                detail: $"The gateway has no address for {service.Resource} (configuration '{service.AddressKey}').")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"No service serves {request.Path}.");
}