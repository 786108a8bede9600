using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Http;
using MlOps.Telemetry.Service.EventStreams;
using MlOps.Telemetry.Service.Infrastructure;
using MlOps.Telemetry.Service.Predictions;

namespace MlOps.Telemetry.Service.Apis;

public static class PredictionsApi
{
    private const int DefaultRecentPredictions = 50;
    private const string ParquetContentType = "application/vnd.apache.parquet";

    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry").WithTags("Predictions");

        api.MapPost("/predictions", LogPredictions)
            .WithName("LogPredictions")
            .WithSummary("Log predictions served outside the platform: an array of rows, each prediction id stored once");
        api.MapGet("/predictions", ListPredictions)
            .WithName("ListPredictions")
            .WithSummary("A model's latest predictions, newest first: inputs, output, confidence, latency, version, route and ground truth");
        api.MapGet("/predictions/export", ExportPredictions)
            .WithName("ExportPredictions")
            .WithSummary("A model's predictions served in [from, to) as one Parquet file, with ground truth: for pandas, DuckDB or Spark")
            .Produces(StatusCodes.Status200OK, contentType: ParquetContentType);
        api.MapPost("/feedback", RecordFeedback)
            .WithName("RecordFeedback")
            .WithSummary("Record ground truth, one {predictionId, actual} or an array, whether its prediction is logged yet or not");
        return app;
    }

    public static async Task<Results<Accepted<PredictionsAccepted>, ValidationProblem, ProblemHttpResult>> LogPredictions(
        HttpContext context, PredictionBlockStore store, IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var body = await RequestBody.ReadAsync(context.Request, limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(limits.MaxBodyBytes);
        }

        var (rows, error) = PredictionBatchParser.Parse(body.Memory, RequestIdentity.From(context).Tenant, StoredTime.Now(), limits);
        if (error is not null)
        {
            return error.StatusCode == StatusCodes.Status400BadRequest
                ? Problems.Invalid(error.Field, error.Message)
                : Problems.TooMany(error.Message);
        }

        var block = new PredictionBatchWriter();
        foreach (var row in rows!)
        {
            row.WriteTo(block);
        }

        var appended = await store.AppendAsync(block.ToParquet(), cancellationToken);
        TelemetryMetrics.PredictionsIngested(appended.Stored);
        return TypedResults.Accepted((string?)null, new PredictionsAccepted(rows!.Count, appended.Duplicates, appended.LabelsJoined));
    }

    /// <remarks>
    /// Pages backwards: the next page's <paramref name="before"/> is the last row's <c>servedAt</c>. Rows served in the
    /// same microsecond as a page's last row are left out of the next page.
    /// </remarks>
    public static async Task<Results<Ok<IReadOnlyList<RecentPrediction>>, ValidationProblem>> ListPredictions(
        string? model, string? limit, string? before, HttpContext context, RecentPredictions predictions,
        IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(model))
        {
            return Problems.Invalid("model", "The model is required, such as ?model=churn.");
        }

        if (!ModelNameRule.IsValid(model))
        {
            return Problems.Invalid("model", ModelNameRule.Description);
        }

        var max = options.Value.MaxRecentPredictions;
        var count = DefaultRecentPredictions;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > max))
        {
            return Problems.Invalid("limit", $"'limit' is a whole number from 1 to {max}.");
        }

        DateTimeOffset? beforeTime = null;
        if (before is not null)
        {
            if (!IsoTime.TryParse(before, out var parsed))
            {
                return Problems.Invalid("before", "'before' must be an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
            }

            beforeTime = parsed;
        }

        return TypedResults.Ok(await predictions.ListAsync(RequestIdentity.From(context).Tenant, model, beforeTime, Math.Min(count, max), cancellationToken));
    }

    /// <remarks>
    /// The file is written to a temporary file first, as a Parquet file's footer points back into it, and streamed
    /// once complete.
    /// </remarks>
    public static async Task<Results<FileStreamHttpResult, ValidationProblem>> ExportPredictions(
        string? model, string? from, string? to, HttpContext context, PredictionExport export,
        IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(model))
        {
            return Problems.Invalid("model", "The model is required, such as ?model=churn.");
        }

        if (!ModelNameRule.IsValid(model))
        {
            return Problems.Invalid("model", ModelNameRule.Description);
        }

        if (from is null || !IsoTime.TryParse(from, out var start))
        {
            return Problems.Invalid("from", "'from' is required, an ISO 8601 date-time such as 2026-11-23T00:00:00Z.");
        }

        if (to is null || !IsoTime.TryParse(to, out var end))
        {
            return Problems.Invalid("to", "'to' is required, an ISO 8601 date-time such as 2026-11-24T00:00:00Z.");
        }

        if (start >= end)
        {
            return Problems.Invalid("from", "'from' must be before 'to'.");
        }

        var longest = options.Value.MaxExportWindow;
        if (end - start > longest)
        {
            return Problems.Invalid("to", $"One export covers at most {longest.TotalDays:0} days; export a longer span in parts.");
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        context.Response.RegisterForDisposeAsync(file);
        await export.WriteAsync(RequestIdentity.From(context).Tenant, model, start, end, file, cancellationToken);
        file.Position = 0;
        return TypedResults.Stream(file, ParquetContentType,
            fileDownloadName: $"{model}-{start.UtcDateTime:yyyyMMdd'T'HHmm}-{end.UtcDateTime:yyyyMMdd'T'HHmm}.parquet");
    }

    public static async Task<Results<Ok<FeedbackOutcome>, Ok<IReadOnlyList<FeedbackOutcome>>, ValidationProblem, ProblemHttpResult>>
        RecordFeedback(HttpContext context, FeedbackStore store, IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var body = await RequestBody.ReadAsync(context.Request, limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(limits.MaxBodyBytes);
        }

        var (items, error) = FeedbackParser.Parse(body.Memory, limits.MaxFeedbackPerRequest, out var isArray);
        if (error is not null)
        {
            return error.StatusCode == StatusCodes.Status400BadRequest
                ? Problems.Invalid(error.Field, error.Message)
                : Problems.TooMany(error.Message);
        }

        var outcomes = await store.RecordAsync(RequestIdentity.From(context).Tenant, items!, cancellationToken);
        TelemetryMetrics.FeedbackIngested(items!.Count);
        return isArray ? TypedResults.Ok(outcomes) : TypedResults.Ok(outcomes[0]);
    }
}

/// <summary>
/// How many predictions are now in the log, how many of them it held already (an earlier post of the same ids), and how
/// many ground-truth labels that arrived before their predictions were joined to them.
/// </summary>
public sealed record PredictionsAccepted(int Accepted, int Duplicates, int LabelsJoined);