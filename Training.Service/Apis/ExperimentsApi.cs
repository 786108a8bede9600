using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.ServiceDefaults.Http;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Tracking;

namespace MlOps.Training.Service.Apis;

public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/training/experiments").WithTags("Experiments");

        api.MapPost("/", CreateExperiment)
            .WithName("CreateExperiment")
            .WithSummary("Create an experiment; its name is unique among the tenant's live experiments");
        api.MapGet("/", ListExperiments)
            .WithName("ListExperiments")
            .WithSummary("List experiments: active (default), deleted or all");
        api.MapGet("/{name}", GetExperiment)
            .WithName("GetExperiment")
            .WithSummary("Get the live experiment of this name, or the one deleted last");
        api.MapDelete("/{name}", DeleteExperiment)
            .WithName("DeleteExperiment")
            .WithSummary("Soft-delete an experiment and its runs");
        api.MapPost("/{name}/restore", RestoreExperiment)
            .WithName("RestoreExperiment")
            .WithSummary("Restore the experiment of this name deleted last, with the runs deleted with it");
        return app;
    }

    public static async Task<Results<Created<Experiment>, ValidationProblem, ProblemHttpResult>> CreateExperiment(
        CreateExperimentRequest request, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckName(request.Name, "name", errors);
        TrackingValidation.CheckTags(request.Tags, "tags", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tags = request.Tags?.ToDictionary(t => t.Key, t => t.Value!) ?? [];
        var experiment = await store.CreateExperimentAsync(RequestIdentity.From(context).Tenant, request.Name!, tags, cancellationToken);
        return experiment is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Experiment exists",
                detail: $"An experiment named '{request.Name}' already exists.")
            : TypedResults.Created($"/api/training/experiments/{Uri.EscapeDataString(experiment.Name)}", experiment);
    }

    public static async Task<Results<Ok<ExperimentList>, ValidationProblem>> ListExperiments(
        HttpContext context, TrackingStore store, string? viewType, CancellationToken cancellationToken)
    {
        if (!ViewTypes.TryParse(viewType, out var view))
        {
            return Invalid("viewType", ViewTypes.Rule);
        }

        var experiments = await store.ListExperimentsAsync(RequestIdentity.From(context).Tenant, view, cancellationToken);
        return TypedResults.Ok(new ExperimentList(experiments));
    }

    public static async Task<Results<Ok<Experiment>, NotFound, ValidationProblem>> GetExperiment(
        string name, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (NameError(name) is { } invalid)
        {
            return invalid;
        }

        var experiment = await store.GetExperimentAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return experiment is null ? TypedResults.NotFound() : TypedResults.Ok(experiment);
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteExperiment(
        string name, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (NameError(name) is { } invalid)
        {
            return invalid;
        }

        return await store.DeleteExperimentAsync(RequestIdentity.From(context).Tenant, name, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<Experiment>, NotFound, ValidationProblem, ProblemHttpResult>> RestoreExperiment(
        string name, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (NameError(name) is { } invalid)
        {
            return invalid;
        }

        var tenant = RequestIdentity.From(context).Tenant;
        switch (await store.RestoreExperimentAsync(tenant, name, cancellationToken))
        {
            case ExperimentRestore.NotFound:
                return TypedResults.NotFound();
            case ExperimentRestore.NameTaken:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Experiment exists",
                    detail: $"A live experiment is already named '{name}'; delete it first.");
            default:
                return TypedResults.Ok((await store.GetExperimentAsync(tenant, name, cancellationToken))!);
        }
    }

    private static ValidationProblem? NameError(string name)
    {
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckName(name, "name", errors);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record CreateExperimentRequest(string? Name, Dictionary<string, string?>? Tags);

public sealed record ExperimentList(IReadOnlyList<Experiment> Experiments);