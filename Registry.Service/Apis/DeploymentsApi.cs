using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Deployments;
using MlOps.Registry.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Registry.Service.Apis;

public static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/registry/models/{name}").WithTags("Deployments");

        api.MapPut("/aliases/{alias}", SetAlias)
            .WithName("SetModelAlias")
            .WithSummary("Point an alias (champion, challenger or any other) at a version");
        api.MapDelete("/aliases/{alias}", DeleteAlias)
            .WithName("DeleteModelAlias")
            .WithSummary("Remove an alias; without a challenger the model is served in single mode");
        api.MapPost("/promote", Promote)
            .WithName("PromoteModelVersion")
            .WithSummary("Make a version champion, remembering the current champion for a rollback");
        api.MapPost("/rollback", Rollback)
            .WithName("RollbackModel")
            .WithSummary("Make the previous champion champion again");
        api.MapGet("/deployment", GetDeployment)
            .WithName("GetModelDeployment")
            .WithSummary("Champion, challenger and how traffic splits between them");
        api.MapPut("/deployment", SetDeployment)
            .WithName("SetModelDeployment")
            .WithSummary("Set the traffic split: single, canary (a share to the challenger) or shadow");
        api.MapGet("/history", GetHistory)
            .WithName("GetModelHistory")
            .WithSummary("Every alias and deployment change, newest first: who, when, what, from, to and why");
        return app;
    }

    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> SetAlias(
        string name, string alias, AliasRequest request, HttpContext context, DeploymentStore store,
        CancellationToken cancellationToken)
    {
        if (CheckNameAndReason(name, request.Reason) is { } invalid)
        {
            return invalid;
        }

        if (!AliasName.IsValid(alias))
        {
            return Problems.Invalid("alias", AliasName.Rule);
        }

        if (request.Version is not ({ } version and > 0))
        {
            return Problems.Invalid("version", VersionNumber.Rule);
        }

        var action = alias == AliasName.Champion ? DeploymentPlanner.PromoteAction : DeploymentPlanner.SetAliasAction;
        return Answer(await store.ChangeAsync(Actor.From(context), name, request.Reason,
            (state, statuses) => DeploymentPlanner.SetAlias(state, statuses, alias, version, action), cancellationToken));
    }

    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> DeleteAlias(
        string name, string alias, string? reason, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (CheckNameAndReason(name, reason) is { } invalid)
        {
            return invalid;
        }

        if (!AliasName.IsValid(alias))
        {
            return Problems.Invalid("alias", AliasName.Rule);
        }

        return Answer(await store.ChangeAsync(Actor.From(context), name, reason,
            (state, _) => DeploymentPlanner.DeleteAlias(state, alias), cancellationToken));
    }

    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> Promote(
        string name, PromoteRequest request, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (CheckNameAndReason(name, request.Reason) is { } invalid)
        {
            return invalid;
        }

        if (request.Version is not ({ } version and > 0))
        {
            return Problems.Invalid("version", VersionNumber.Rule);
        }

        return Answer(await store.ChangeAsync(Actor.From(context), name, request.Reason,
            (state, statuses) => DeploymentPlanner.SetAlias(state, statuses, AliasName.Champion, version, DeploymentPlanner.PromoteAction),
            cancellationToken));
    }

    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> Rollback(
        string name, RollbackRequest? request, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (CheckNameAndReason(name, request?.Reason) is { } invalid)
        {
            return invalid;
        }

        return Answer(await store.ChangeAsync(Actor.From(context), name, request?.Reason,
            DeploymentPlanner.Rollback, cancellationToken));
    }

    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> GetDeployment(
        string name, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var deployment = await store.GetAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return deployment is null ? Problems.NotFound($"There is no model '{name}'.") : TypedResults.Ok(deployment);
    }

    /// <remarks>
    /// The challenger traffic is the share of requests the challenger answers (canary, 0 exclusive to 1) or sees
    /// (shadow, 0 to 1, default 1); single mode serves the champion alone, so its share is 0.
    /// </remarks>
    public static async Task<Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult>> SetDeployment(
        string name, DeploymentRequest request, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (CheckNameAndReason(name, request.Reason) is { } invalid)
        {
            return invalid;
        }

        if (!DeploymentMode.IsKnown(request.Mode))
        {
            return Problems.Invalid("mode", DeploymentMode.Rule);
        }

        var mode = request.Mode!;
        var traffic = request.ChallengerTraffic ?? (mode == DeploymentMode.Shadow ? 1 : 0);
        if (!(traffic is >= 0 and <= 1))
        {
            return Problems.Invalid("challengerTraffic", "The challenger traffic is a share between 0 and 1.");
        }

        if (mode == DeploymentMode.Canary && traffic == 0)
        {
            return Problems.Invalid("challengerTraffic", "A canary sends the challenger a share above 0 and at most 1, such as 0.1.");
        }

        return Answer(await store.ChangeAsync(Actor.From(context), name, request.Reason,
            (state, _) => DeploymentPlanner.SetDeployment(state, mode, traffic), cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ValidationProblem, ProblemHttpResult>> GetHistory(
        string name, HttpContext context, DeploymentStore store, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var history = await store.HistoryAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return history is null ? Problems.NotFound($"There is no model '{name}'.") : TypedResults.Ok(history);
    }

    private static ValidationProblem? CheckNameAndReason(string name, string? reason) =>
        ModelNameRule.IsValid(name) ? Problems.CheckReason(reason) : Problems.Invalid("name", ModelNameRule.Description);

    private static Results<Ok<Deployment>, ValidationProblem, ProblemHttpResult> Answer(DeploymentOutcome outcome) =>
        outcome.Refusal is { } refusal ? Problems.Refused<Deployment>(refusal) : TypedResults.Ok(outcome.Deployment!);
}