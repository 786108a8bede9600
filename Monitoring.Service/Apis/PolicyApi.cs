using System.Text.Json;

using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Apis;

public static class PolicyApi
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring/models/{name}").WithTags("Policies");
        api.MapGet("/policy", GetPolicy).WithName("GetMonitoringPolicy")
            .WithSummary("The model's drift-check, alert and retraining policy (the defaults until one is set)");
        api.MapPut("/policy", UpdatePolicy).WithName("UpdateMonitoringPolicy")
            .WithSummary("Change the fields the body names; the others keep their values");
        api.MapGet("/audit", GetAudit).WithName("GetMonitoringAudit")
            .WithSummary("Every decision of the loop, oldest first: alert, report, retrain, job, version, promotion");
        return app;
    }

    public static async Task<Results<Ok<PolicyView>, ValidationProblem>> GetPolicy(
        string name, HttpContext context, PolicyStore policies, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        return TypedResults.Ok(PolicyView.Of(await policies.GetAsync(RequestIdentity.From(context).Tenant, name, cancellationToken)));
    }

    public static async Task<Results<Ok<PolicyView>, ValidationProblem>> UpdatePolicy(
        string name, JsonElement body, HttpContext context, PolicyStore policies, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var errors = new Dictionary<string, string[]>();
        var policy = PolicyPatch.Apply(await policies.GetAsync(tenant, name, cancellationToken), body, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await policies.SaveAsync(tenant, name, policy, cancellationToken);
        return TypedResults.Ok(PolicyView.Of(policy));
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> GetAudit(
        string name, HttpContext context, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        return TypedResults.Ok(await audit.ListAsync(RequestIdentity.From(context).Tenant, name, cancellationToken));
    }
}