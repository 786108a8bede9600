using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Http;
using MlOps.Telemetry.Service.Infrastructure;
using MlOps.Telemetry.Service.Predictions;

namespace MlOps.Telemetry.Service.Apis;

public static class StatisticsApi
{
    public const string DefaultLabelColumn = "label";
    public const int MaxLabelColumnLength = 200;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry").WithTags("Prediction statistics");

        api.MapGet("/statistics", GetStatistics)
            .WithName("GetPredictionStatistics")
            .WithSummary("A model's traffic per hour or day: requests, classes, versions, routes, confidence, latency, errors, live accuracy");
        api.MapGet("/labelled", ExportLabelled)
            .WithName("ExportLabelledPredictions")
            .WithSummary("A model's answered predictions that have ground truth, as CSV: one column per input feature, then the label")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    /// <remarks>The window is [from, to): by default the 24 hours before now, or before <paramref name="to"/>.</remarks>
    public static async Task<Results<Ok<StatisticsReport>, ValidationProblem>> GetStatistics(
        string? model, string? version, string? from, string? to, string? interval, HttpContext context,
        PredictionStatistics statistics, IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
    {
        if (CheckModel(model) is { } invalidModel)
        {
            return invalidModel;
        }

        int? versionNumber = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return Problems.Invalid("version", "A version is a positive integer, such as 3.");
            }

            versionNumber = parsed;
        }

        if (StatisticsInterval.Parse(interval) is not { } bucket)
        {
            return Problems.Invalid("interval", StatisticsInterval.Rule);
        }

        var end = StoredTime.Now();
        if (to is not null && !IsoTime.TryParse(to, out end))
        {
            return Problems.Invalid("to", "'to' must be an ISO 8601 date-time, such as 2026-11-23T11:00:00Z.");
        }

        var start = end - DefaultWindow;
        if (from is not null && !IsoTime.TryParse(from, out start))
        {
            return Problems.Invalid("from", "'from' must be an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
        }

        if (start >= end)
        {
            return Problems.Invalid("from", "'from' must be before 'to'.");
        }

        var maxBuckets = options.Value.MaxStatisticsBuckets;
        if ((end - start) / bucket.Length > maxBuckets)
        {
            return Problems.Invalid("interval",
                $"The window holds more than {maxBuckets} {bucket.Name}s; choose a longer interval or a shorter window.");
        }

        var query = new StatisticsQuery(model!, versionNumber, start, end, bucket);
        return TypedResults.Ok(await statistics.QueryAsync(RequestIdentity.From(context).Tenant, query, cancellationToken));
    }

    /// <remarks>
    /// Rows are those served since <paramref name="since"/> (all when absent), oldest first. The label column is named
    /// <paramref name="label"/>, by default <c>label</c>; it may not also be a feature's name.
    /// </remarks>
    public static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportLabelled(
        string? model, string? since, string? label, HttpContext context, LabelledExport export, CancellationToken cancellationToken)
    {
        if (CheckModel(model) is { } invalidModel)
        {
            return invalidModel;
        }

        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (!IsoTime.TryParse(since, out var parsed))
            {
                return Problems.Invalid("since", "'since' must be an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
            }

            sinceTime = parsed;
        }

        var labelColumn = label ?? DefaultLabelColumn;
        if (labelColumn.Length is 0 or > MaxLabelColumnLength || labelColumn.Any(char.IsControl))
        {
            return Problems.Invalid("label",
                $"The label column's name is 1 to {MaxLabelColumnLength} characters without control characters.");
        }

        var rows = await export.OpenAsync(RequestIdentity.From(context).Tenant, model!, sinceTime, cancellationToken);
        context.Response.RegisterForDisposeAsync(rows);
        if (rows.Features.Contains(labelColumn, StringComparer.Ordinal))
        {
            return Problems.Invalid("label", $"'{labelColumn}' is also an input feature; name the label column otherwise with ?label=.");
        }

        return TypedResults.Stream(
            output => LabelledCsvWriter.WriteAsync(output, rows.Features, labelColumn, rows.ReadAsync(cancellationToken), cancellationToken),
            "text/csv; charset=utf-8");
    }

    private static ValidationProblem? CheckModel(string? model) => model switch
    {
        null or "" => Problems.Invalid("model", "The model is required, such as ?model=churn."),
        _ when !ModelNameRule.IsValid(model) => Problems.Invalid("model", ModelNameRule.Description),
        _ => null,
    };
}