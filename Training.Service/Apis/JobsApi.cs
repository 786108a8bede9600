using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.ServiceDefaults.Http;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Jobs;

namespace MlOps.Training.Service.Apis;

public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/training/jobs").WithTags("Training jobs");
        api.MapPost("/", SubmitJob).WithName("SubmitTrainingJob").WithSummary("Queue a training job: search, evaluate, gate and register a model");
        api.MapGet("/", ListJobs).WithName("ListTrainingJobs").WithSummary("The tenant's recent training jobs, newest first");
        api.MapGet("/{id}", GetJob).WithName("GetTrainingJob").WithSummary("A job's status, progress and result");
        api.MapPost("/{id}/cancel", CancelJob).WithName("CancelTrainingJob").WithSummary("Cancel a queued or running job");
        return app;
    }

    public static async Task<Results<Accepted<JobAccepted>, ValidationProblem>> SubmitJob(
        TrainingJobRequest request, HttpContext context, JobStore jobs, DatasetStore datasets, CancellationToken cancellationToken)
    {
        var (spec, errors) = TrainingJobValidator.Validate(request);
        if (spec is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var versions = await datasets.ListVersionsAsync(tenant, spec.Dataset, cancellationToken);
        if (versions.Count == 0 || (spec.DatasetVersion is { } wanted && versions.All(version => version.Version != wanted)))
        {
            var field = versions.Count == 0 ? "dataset.name" : "dataset.version";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["No such dataset version; upload it first."] });
        }

        var keyId = context.Request.Headers[MlOpsHeaders.KeyId].ToString();
        var job = await jobs.CreateAsync(tenant, keyId.Length == 0 ? null : keyId, spec, cancellationToken);
        return TypedResults.Accepted($"/api/training/jobs/{job.Id}", new JobAccepted(job.Id, job.Status));
    }

    public static async Task<Ok<IReadOnlyList<TrainingJob>>> ListJobs(
        string? model, HttpContext context, JobStore jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.ListAsync(RequestIdentity.From(context).Tenant, model, cancellationToken));

    public static async Task<Results<Ok<TrainingJob>, NotFound, ValidationProblem>> GetJob(
        string id, HttpContext context, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return InvalidId();
        }

        return await jobs.GetAsync(RequestIdentity.From(context).Tenant, jobId, cancellationToken) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.NotFound();
    }

    public static async Task<Results<Accepted<TrainingJob>, NotFound, ProblemHttpResult, ValidationProblem>> CancelJob(
        string id, HttpContext context, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return InvalidId();
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var before = await jobs.GetAsync(tenant, jobId, cancellationToken);
        if (before is null)
        {
            return TypedResults.NotFound();
        }

        if (JobStatus.IsFinal(before.Status))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Job already ended", detail: $"The job ended {before.Status}; there is nothing to cancel.");
        }

        var job = await jobs.RequestCancelAsync(tenant, jobId, cancellationToken);
        return TypedResults.Accepted($"/api/training/jobs/{jobId}", job!);
    }

    private static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["A job id is a GUID."] });
}

public sealed record JobAccepted(Guid Id, string Status);