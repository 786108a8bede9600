using System.Globalization;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.ServiceDefaults.Http;
using MlOps.Telemetry.Service.EventStreams;
using MlOps.Telemetry.Service.Infrastructure;

namespace MlOps.Telemetry.Service.Apis;

public static partial class EventStreamsApi
{
    public static IEndpointRouteBuilder MapEventStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry/events").WithTags("Event streams");

        api.MapPost("/{stream}", AppendEvents)
            .WithName("AppendEvents")
            .WithSummary("Store one JSON object or an array of objects in a stream");
        api.MapGet("/{stream}", ReadEvents)
            .WithName("ReadEvents")
            .WithSummary("Read a stream's events as JSON, or as CSV with Accept: text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Accepted<EventsAccepted>, ValidationProblem, ProblemHttpResult>> AppendEvents(
        string stream, HttpContext context, EventStore store, IOptions<EventStreamOptions> options, CancellationToken cancellationToken)
    {
        if (!StreamName.IsValid(stream))
        {
            return Invalid("stream", StreamName.Rule);
        }

        var keyHeader = context.Request.Headers[IdempotencyKey.Header];
        if (keyHeader.Count > 0 && !IdempotencyKey.IsValid(keyHeader.ToString()))
        {
            return Invalid(IdempotencyKey.Header, IdempotencyKey.Rule);
        }

        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"The body may hold at most {options.Value.MaxBodyBytes} bytes.");
        }

        var (batch, error) = EventBatchParser.Parse(body.Memory, options.Value.MaxEventsPerRequest);
        if (error is not null)
        {
            return error.StatusCode == StatusCodes.Status400BadRequest
                ? Invalid(error.Field, error.Message)
                : TypedResults.Problem(statusCode: error.StatusCode, title: "Too many events", detail: error.Message);
        }

        var key = keyHeader.Count > 0 ? IdempotencyKey.For(keyHeader.ToString(), body.Memory.Span) : null;
        var tenant = RequestIdentity.From(context).Tenant;
        var result = await store.AppendAsync(tenant, stream, batch!, key, cancellationToken);
        if (result.KeyConflict)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was already used with a different body; nothing was stored.");
        }

        if (result.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }
        else
        {
            TelemetryMetrics.EventsIngested(result.Accepted);
        }

        return TypedResults.Accepted(
            $"/api/telemetry/events/{stream}",
            new EventsAccepted(stream, result.Accepted, result.ReceivedAt, result.Replayed));
    }

    public static async Task<Results<Ok<EventPage>, PushStreamHttpResult, ValidationProblem>> ReadEvents(
        string stream, HttpContext context, EventStore store, IOptions<EventStreamOptions> options,
        string? from, string? to, int? limit, long? after, CancellationToken cancellationToken)
    {
        if (!StreamName.IsValid(stream))
        {
            return Invalid("stream", StreamName.Rule);
        }

        if (!TryParseTime(from, out var fromTime))
        {
            return Invalid("from", "'from' must be an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
        }

        if (!TryParseTime(to, out var toTime))
        {
            return Invalid("to", "'to' must be an ISO 8601 date-time, such as 2026-11-23T11:00:00Z.");
        }

        var maxPageSize = options.Value.MaxPageSize;
        if (limit is < 1 || limit > maxPageSize)
        {
            return Invalid("limit", $"'limit' must be between 1 and {maxPageSize}.");
        }

        if (after is < 0)
        {
            return Invalid("after", "'after' must be an event id, 0 or more.");
        }

        var query = new EventQuery(fromTime, toTime, after ?? 0, limit ?? Math.Min(1000, maxPageSize));
        var events = await store.ReadAsync(RequestIdentity.From(context).Tenant, stream, query, cancellationToken);

        if (context.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Stream(
                output => EventCsvWriter.WriteAsync(output, events, cancellationToken), "text/csv; charset=utf-8");
        }

        long? nextAfter = events.Count == query.Limit ? events[^1].Id : null;
        return TypedResults.Ok(new EventPage(stream, events.Count, events, nextAfter));
    }

    private static bool TryParseTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        // A date must lead: a bare time such as "13:00" is refused rather than read as today.
        if (!IsoDateStart().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDateStart();

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record EventsAccepted(string Stream, int Accepted, DateTimeOffset ReceivedAt, bool Replayed);

/// <summary>A page of events; <see cref="NextAfter"/>, when set, is the <c>after</c> that reads the next page.</summary>
public sealed record EventPage(string Stream, int Count, IReadOnlyList<StreamEvent> Events, long? NextAfter);