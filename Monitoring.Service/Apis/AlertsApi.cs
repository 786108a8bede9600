using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Apis;

public static class AlertsApi
{
    private const int MaxAlerts = 500;

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/monitoring").WithTags("Alerts")
            .MapGet("/alerts", ListAlerts).WithName("ListAlerts")
            .WithSummary("The tenant's alerts, newest first: open ones, resolved ones or both, of one model or all");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<Alert>>, ValidationProblem>> ListAlerts(
        string? state, string? model, int? limit, HttpContext context, AlertStore alerts, CancellationToken cancellationToken)
    {
        if (state is not (null or "open" or "resolved"))
        {
            return Problems.Invalid("state", "'state' is open or resolved.");
        }

        if (model is not null && !ModelNameRule.IsValid(model))
        {
            return Problems.Invalid("model", ModelNameRule.Description);
        }

        if (limit is < 1 or > MaxAlerts)
        {
            return Problems.Invalid("limit", $"'limit' is from 1 to {MaxAlerts}.");
        }

        return TypedResults.Ok(await alerts.ListAsync(RequestIdentity.From(context).Tenant, state, model, limit ?? 100, cancellationToken));
    }
}