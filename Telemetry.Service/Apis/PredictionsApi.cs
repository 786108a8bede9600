using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Http;
using MlOps.Telemetry.Service.EventStreams;
using MlOps.Telemetry.Service.Infrastructure;
using MlOps.Telemetry.Service.Predictions;

namespace MlOps.Telemetry.Service.Apis;

public static class PredictionsApi
{
    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry").WithTags("Predictions");

        api.MapPost("/predictions", LogPredictions)
            .WithName("LogPredictions")
            .WithSummary("Log predictions served outside the platform: an array of rows, each prediction id stored once");
        api.MapPost("/feedback", RecordFeedback)
            .WithName("RecordFeedback")
            .WithSummary("Record ground truth, one {predictionId, actual} or an array, whether its prediction is logged yet or not");
        return app;
    }

    public static async Task<Results<Accepted<PredictionsAccepted>, ValidationProblem, ProblemHttpResult>> LogPredictions(
        HttpContext context, PredictionStore store, IOptions<PredictionLogOptions> options, CancellationToken cancellationToken)
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

        var appended = await store.AppendAsync(rows!, cancellationToken);
        TelemetryMetrics.PredictionsIngested(rows!.Count - appended.Duplicates);
        return TypedResults.Accepted((string?)null, new PredictionsAccepted(rows!.Count, appended.Duplicates, appended.LabelsJoined));
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