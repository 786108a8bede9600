using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Checks;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Apis;

public static class DriftChecksApi
{
    public static IEndpointRouteBuilder MapDriftChecksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring/models/{name}/drift-checks").WithTags("Drift checks");
        api.MapPost("/", RunCheck).WithName("RunDriftCheck")
            .WithSummary("Check a version's live data, predictions and accuracy against its training reference, and act on the policy's rules");
        api.MapGet("/", ListChecks).WithName("ListDriftChecks").WithSummary("The model's drift reports, newest first, with their histograms");
        api.MapGet("/{id:guid}", GetCheck).WithName("GetDriftCheck").WithSummary("One drift report");
        return app;
    }

    public static async Task<Results<Created<DriftReport>, ValidationProblem, ProblemHttpResult>> RunCheck(
        string name, DriftCheckRequest? request, HttpContext context, DeploymentStore deployments, DriftChecker checker,
        CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        DateTimeOffset? from = null, to = null;
        if (request?.From is { } fromText && (from = Time(fromText)) is null)
        {
            return Problems.Invalid("from", "'from' must be an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
        }

        if (request?.To is { } toText && (to = Time(toText)) is null)
        {
            return Problems.Invalid("to", "'to' must be an ISO 8601 date-time, such as 2026-11-23T11:00:00Z.");
        }

        if (from >= to)
        {
            return Problems.Invalid("from", "'from' must be before 'to'.");
        }

        if (request?.Version is < 1)
        {
            return Problems.Invalid("version", "A version is a whole number from 1.");
        }

        var tenant = RequestIdentity.From(context).Tenant;
        var version = request?.Version ?? (await deployments.GetAsync(tenant, name, cancellationToken))?.ChampionVersion;
        if (version is null)
        {
            return Problems.NotFound($"Model '{name}' has no champion deployed; name the version to check.");
        }

        DriftReport? report;
        try
        {
            report = await checker.CheckAsync(tenant, name, version.Value, from, to, "manual", cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Registry unreachable",
                detail: $"The reference of version {version} could not be fetched from the registry: {ex.Message}");
        }

        return report is null
            ? Problems.NotFound($"The registry has no version {version} of model '{name}'.")
            : TypedResults.Created($"/api/monitoring/models/{name}/drift-checks/{report.Id}", report);
    }

    public static async Task<Results<Ok<IReadOnlyList<DriftReport>>, ValidationProblem>> ListChecks(
        string name, int? version, int? limit, HttpContext context, ReportStore reports, IOptions<MonitoringOptions> options,
        CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var max = options.Value.MaxReportsPerPage;
        if (limit is < 1 || limit > max)
        {
            return Problems.Invalid("limit", $"'limit' is from 1 to {max}.");
        }

        if (version is < 1)
        {
            return Problems.Invalid("version", "A version is a whole number from 1.");
        }

        return TypedResults.Ok(await reports.ListAsync(RequestIdentity.From(context).Tenant, name, version, limit ?? 20, cancellationToken));
    }

    public static async Task<Results<Ok<DriftReport>, ValidationProblem, ProblemHttpResult>> GetCheck(
        string name, Guid id, HttpContext context, ReportStore reports, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var report = await reports.GetAsync(RequestIdentity.From(context).Tenant, name, id, cancellationToken);
        return report is null ? Problems.NotFound($"Model '{name}' has no drift report {id}.") : TypedResults.Ok(report);
    }

    private static DateTimeOffset? Time(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0])
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}