using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Registry.Service.Apis;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/registry/models").WithTags("Registered models");

        api.MapGet("/", ListModels)
            .WithName("ListModels")
            .WithSummary("The tenant's registered models, each with its latest version, aliases and deployment");
        api.MapGet("/{name}", GetModel)
            .WithName("GetModel")
            .WithSummary("One registered model with its latest version, aliases and deployment");
        api.MapPatch("/{name}", UpdateModel)
            .WithName("UpdateModel")
            .WithSummary("Change a model's description and tags (tags merge; a null value removes the tag)");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<RegisteredModel>>> ListModels(
        HttpContext context, RegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListModelsAsync(RequestIdentity.From(context).Tenant, cancellationToken));

    public static async Task<Results<Ok<RegisteredModel>, ValidationProblem, ProblemHttpResult>> GetModel(
        string name, HttpContext context, RegistryStore store, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var model = await store.GetModelAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return model is null ? Problems.NotFound($"There is no model '{name}'.") : TypedResults.Ok(model);
    }

    public static async Task<Results<Ok<RegisteredModel>, ValidationProblem, ProblemHttpResult>> UpdateModel(
        string name, MetadataPatch patch, HttpContext context, RegistryStore store, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        if (patch.Problem() is { } problem)
        {
            return Problems.Invalid(problem.Field, problem.Message);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        if (!await store.UpdateModelAsync(tenant, name, patch, cancellationToken))
        {
            return Problems.NotFound($"There is no model '{name}'.");
        }

        return TypedResults.Ok((await store.GetModelAsync(tenant, name, cancellationToken))!);
    }
}