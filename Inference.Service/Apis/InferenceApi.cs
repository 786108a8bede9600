using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Inference.Service.IntegrationEvents;
using MlOps.Inference.Service.Serving;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Inference.Service.Apis;

public static class InferenceApi
{
    /// <summary>Response header naming (URL-encoded, comma-separated) the request fields the model does not know.</summary>
    public const string IgnoredFieldsHeader = "X-Ignored-Fields";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inference/models").WithTags("Inference");

        api.MapPost("/{name}/predict", Predict)
            .WithName("Predict")
            .WithSummary("Score one row or a batch: a JSON object, {\"rows\":[…]}, or MLflow's dataframe_split / dataframe_records")
            .Accepts<JsonElement>("application/json");
        api.MapGet("/", ListModels)
            .WithName("ListServedModels")
            .WithSummary("The tenant's served models: versions, traffic split, load status and requests refused while the prediction log was full");
        return app;
    }

    /// <remarks>
    /// Every row is validated against the answering version's schema before anything is scored; one 400 lists every
    /// problem by row and field. The optional <c>X-Routing-Key</c> header keeps a caller on one side of a canary.
    /// Every row scored is logged, so while the prediction log is full a request is answered 503 with
    /// <c>Retry-After</c> and not scored.
    /// </remarks>
    public static async Task<Results<PredictionsResult, ValidationProblem, ProblemHttpResult>> Predict(
        string name, HttpContext context, ModelCatalog catalog, PredictionLog log, ShadowScorer shadow, IOptions<InferenceOptions> options,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var key = new ModelKey(RequestIdentity.From(context).Tenant, name);
        if (catalog.Find(key) is not { } model)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No model '{name}' is served.");
        }

        if (model.State is not { } state)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Model not loaded",
                detail: $"Model '{name}' is deployed but could not be loaded yet: {model.Status.Error ?? "it is loading."}");
        }

        if (log.IsFull)
        {
            model.CountRefusedRequest();
            InferenceMetrics.RequestRefused(key);
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(log.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Prediction log full",
                detail: "The prediction log cannot take more rows until the broker catches up; nothing was scored. Try again after the Retry-After delay.");
        }

        var settings = options.Value;
        var decision = TrafficRouter.Decide(state, context.Request.Headers[TrafficRouter.RoutingKeyHeader]);
        using var body = await RequestBody.ReadAsync(context, settings.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge($"A predict request body may have at most {settings.MaxRequestBytes} bytes.");
        }

        var parsed = RequestReader.Read(body.Span, decision.Answering.Inputs, settings);
        if (parsed.IgnoredFields.Count > 0)
        {
            context.Response.Headers[IgnoredFieldsHeader] = string.Join(", ", parsed.IgnoredFields.Order(StringComparer.Ordinal).Select(Uri.EscapeDataString));
        }

        if (parsed.TooManyRows)
        {
            return TooLarge($"A predict request may carry at most {settings.MaxBatchRows} rows.");
        }

        if (parsed.Table is not { } table)
        {
            var problems = parsed.Problems;
            return TypedResults.ValidationProblem(
                problems.ToErrors(),
                title: "The request does not fit the model's input schema",
                detail: problems.Listed
                    ? $"{problems.Count} problem(s); nothing was scored."
                    : $"{problems.Count} problems, the first {settings.MaxReportedProblems} listed; nothing was scored.");
        }

        var scored = decision.Answering.Score(table, decision.Route, started);
        InferenceMetrics.Scored(scored);
        log.Write(scored);
        if (decision.Shadow is { } challenger)
        {
            shadow.Enqueue(challenger, decision.Answering.Inputs, table);
        }

        return new PredictionsResult(scored);
    }

    public static Ok<IReadOnlyList<ServedModelSummary>> ListModels(HttpContext context, ModelCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<ServedModelSummary>>(catalog.ForTenant(RequestIdentity.From(context).Tenant).Select(model =>
        {
            var state = model.State;
            return new ServedModelSummary(
                model.Key.Name,
                state?.Champion.Version,
                state?.Challenger?.Version,
                state?.Mode,
                state?.ChallengerTraffic ?? 0,
                model.Status.State,
                DroppedLogRows: 0,
                model.RefusedRequests,
                model.Status.Error);
        }).ToList());

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: detail);
}