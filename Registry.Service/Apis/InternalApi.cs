using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Deployments;
using MlOps.Registry.Service.Infrastructure;

using Npgsql;

namespace MlOps.Registry.Service.Apis;

/// <summary>
/// Endpoints for the platform's own services, outside <c>/api/</c> so the gateway never forwards them: they answer
/// across tenants.
/// </summary>
public static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal").WithTags("Internal");

        api.MapGet("/deployments", ListDeployments)
            .WithName("ListServedDeployments")
            .WithSummary("Every tenant's models that have a champion: versions, package SHA-256 and traffic split (for inference)");
        return app;
    }

    /// <param name="tenant">Only this tenant's deployments.</param>
    /// <param name="model">Only this model's deployment.</param>
    public static async Task<Results<Ok<IReadOnlyList<ServedDeployment>>, ValidationProblem>> ListDeployments(
        string? tenant, string? model, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (tenant is { Length: 0 })
        {
            return Problems.Invalid("tenant", "A tenant filter must not be empty.");
        }

        if (model is not null && !ModelNameRule.IsValid(model))
        {
            return Problems.Invalid("model", ModelNameRule.Description);
        }

        return TypedResults.Ok(await ServedDeployments.ListAsync(dataSource, tenant, model, cancellationToken));
    }
}