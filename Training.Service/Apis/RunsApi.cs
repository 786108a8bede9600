using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.ServiceDefaults.Http;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Tracking;

namespace MlOps.Training.Service.Apis;

public static class RunsApi
{
    private const int DefaultMaxResults = 100;
    private const int MaxMaxResults = 1000;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/training/runs").WithTags("Runs");

        api.MapPost("/", CreateRun)
            .WithName("CreateRun")
            .WithSummary("Start a run in a live experiment");
        api.MapGet("/", SearchRuns)
            .WithName("SearchRuns")
            .WithSummary("Search runs with MLflow's filter and order-by grammar, a page at a time");
        api.MapGet("/{id}", GetRun)
            .WithName("GetRun")
            .WithSummary("Get a run: params, each metric's latest value, tags, status and times");
        api.MapPatch("/{id}", UpdateRun)
            .WithName("UpdateRun")
            .WithSummary("Set a run's status; a terminal status ends it (now unless endTime is given)");
        api.MapPost("/{id}/log-batch", LogBatch)
            .WithName("LogBatch")
            .WithSummary("Log params, metrics and tags together: all are stored, or none");
        api.MapGet("/{id}/metrics/{key}/history", GetMetricHistory)
            .WithName("GetMetricHistory")
            .WithSummary("Every logged value of a metric, in step then timestamp order");
        api.MapPut("/{id}/tags/{key}", SetTag)
            .WithName("SetRunTag")
            .WithSummary("Set a run's tag");
        api.MapDelete("/{id}/tags/{key}", DeleteTag)
            .WithName("DeleteRunTag")
            .WithSummary("Remove a run's tag");
        api.MapDelete("/{id}", DeleteRun)
            .WithName("DeleteRun")
            .WithSummary("Soft-delete a run");
        api.MapPost("/{id}/restore", RestoreRun)
            .WithName("RestoreRun")
            .WithSummary("Restore a deleted run of a live experiment");
        return app;
    }

    public static async Task<Results<Created<Run>, ValidationProblem>> CreateRun(
        CreateRunRequest request, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckName(request.Experiment, "experiment", errors);
        TrackingValidation.CheckName(request.Name, "name", errors, required: false);
        TrackingValidation.CheckTags(request.Tags, "tags", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tags = request.Tags?.ToDictionary(t => t.Key, t => t.Value!) ?? [];
        var run = await store.CreateRunAsync(
            RequestIdentity.From(context).Tenant, request.Experiment!, request.Name, tags, cancellationToken);
        return run is null
            ? Invalid("experiment", $"There is no live experiment named '{request.Experiment}'.")
            : TypedResults.Created($"/api/training/runs/{run.Id}", run);
    }

    public static async Task<Results<Ok<RunPage>, NotFound, ValidationProblem>> SearchRuns(
        HttpContext context, TrackingStore store, string? experiment, string? filter, string? orderBy,
        int? maxResults, string? pageToken, string? viewType, CancellationToken cancellationToken)
    {
        var errors = TrackingValidation.Errors();
        if (experiment is not null)
        {
            TrackingValidation.CheckName(experiment, "experiment", errors);
        }

        var (clauses, filterError) = RunFilterParser.Parse(filter);
        if (filterError is not null)
        {
            errors["filter"] = [$"Invalid filter. {filterError}"];
        }

        var (order, orderError) = RunOrderParser.Parse(orderBy);
        if (orderError is not null)
        {
            errors["orderBy"] = [$"Invalid orderBy. {orderError}"];
        }

        if (maxResults is < 1 or > MaxMaxResults)
        {
            errors["maxResults"] = [$"'maxResults' must be between 1 and {MaxMaxResults}."];
        }

        if (!PageToken.TryDecode(pageToken, out var offset))
        {
            errors["pageToken"] = [PageToken.Rule];
        }

        if (!ViewTypes.TryParse(viewType, out var view))
        {
            errors["viewType"] = [ViewTypes.Rule];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        if (experiment is not null && !await store.ExperimentExistsAsync(tenant, experiment, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var search = new RunSearch(experiment, view, clauses, order, offset, maxResults ?? DefaultMaxResults);
        return TypedResults.Ok(await store.SearchRunsAsync(tenant, search, cancellationToken));
    }

    public static async Task<Results<Ok<Run>, NotFound, ValidationProblem>> GetRun(
        string id, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        var run = await store.GetRunAsync(RequestIdentity.From(context).Tenant, runId, cancellationToken);
        return run is null ? TypedResults.NotFound() : TypedResults.Ok(run);
    }

    public static async Task<Results<Ok<Run>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateRun(
        string id, UpdateRunRequest request, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        if (request.Status is null)
        {
            return Invalid("status", RunStatus.Rule);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var result = await store.SetRunStatusAsync(tenant, runId, request.Status, request.EndTime, cancellationToken);
        return result.Outcome switch
        {
            RunWriteOutcome.Done => TypedResults.Ok((await store.GetRunAsync(tenant, runId, cancellationToken))!),
            RunWriteOutcome.NotFound => TypedResults.NotFound(),
            RunWriteOutcome.NotActive => RunDeleted(),
            _ => Invalid(result.Field!, result.Message!),
        };
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> LogBatch(
        string id, LogBatch batch, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        var errors = TrackingValidation.Check(batch);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return WriteResult(await store.LogBatchAsync(RequestIdentity.From(context).Tenant, runId, batch, cancellationToken));
    }

    public static async Task<Results<Ok<MetricHistory>, NotFound, ValidationProblem>> GetMetricHistory(
        string id, string key, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        key = RouteKey(key);
        var points = await store.GetMetricHistoryAsync(RequestIdentity.From(context).Tenant, runId, key, cancellationToken);
        return points is null ? TypedResults.NotFound() : TypedResults.Ok(new MetricHistory(key, points));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> SetTag(
        string id, string key, TagValue body, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        key = RouteKey(key);
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckKey(key, "key", errors);
        TrackingValidation.CheckValue(body.Value, TrackingValidation.MaxTagValueLength, "value", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return WriteResult(await store.SetTagAsync(RequestIdentity.From(context).Tenant, runId, key, body.Value!, cancellationToken));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> DeleteTag(
        string id, string key, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        return WriteResult(await store.DeleteTagAsync(RequestIdentity.From(context).Tenant, runId, RouteKey(key), cancellationToken));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteRun(
        string id, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        var result = await store.DeleteRunAsync(RequestIdentity.From(context).Tenant, runId, cancellationToken);
        return result.Outcome == RunWriteOutcome.Done ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<Run>, NotFound, ValidationProblem, ProblemHttpResult>> RestoreRun(
        string id, HttpContext context, TrackingStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return InvalidId();
        }

        var tenant = RequestIdentity.From(context).Tenant;
        return (await store.RestoreRunAsync(tenant, runId, cancellationToken)).Outcome switch
        {
            RunWriteOutcome.Done => TypedResults.Ok((await store.GetRunAsync(tenant, runId, cancellationToken))!),
            RunWriteOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Experiment is deleted",
                detail: "The run's experiment is deleted: restore the experiment instead."),
        };
    }

    private static Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult> WriteResult(RunWriteResult result) =>
        result.Outcome switch
        {
            RunWriteOutcome.Done => TypedResults.NoContent(),
            RunWriteOutcome.NotFound => TypedResults.NotFound(),
            RunWriteOutcome.NotActive => RunDeleted(),
            _ => Invalid(result.Field!, result.Message!),
        };

    private static ProblemHttpResult RunDeleted() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Run is deleted",
            detail: "A deleted run cannot change: restore it first.");

    // Routing leaves an encoded '/' (%2F) in a route value; keys may hold '/' but never '%', so decoding is safe.
    private static string RouteKey(string key) => Uri.UnescapeDataString(key);

    private static ValidationProblem InvalidId() => Invalid("id", "'id' must be a run id (a GUID).");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record CreateRunRequest(string? Experiment, string? Name, Dictionary<string, string?>? Tags);

public sealed record UpdateRunRequest(string? Status, DateTimeOffset? EndTime);

public sealed record TagValue(string? Value);

public sealed record MetricHistory(string Key, IReadOnlyList<MetricPoint> Points);