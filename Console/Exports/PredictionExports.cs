using MlOps.Console.Api;
using MlOps.Console.Api.Telemetry;

namespace MlOps.Console.Exports;

public static class PredictionExports
{
    public static RouteGroupBuilder MapPredictionExports(this RouteGroupBuilder exports)
    {
        exports.MapGet("/predictions.csv", ExportPredictions);
        exports.MapGet("/statistics.csv", ExportStatistics);
        return exports;
    }

    /// <summary>The recent predictions the page lists: the same model, page end and page size.</summary>
    public static async Task<IResult> ExportPredictions(
        string? model, string? before, int? limit, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var predictions = await gateway.GetAsync<List<RecentPrediction>>(PredictionQueries.Recent(model, before, limit), cancellationToken);
        return predictions.Succeeded
            ? CsvFile.Create($"{model}-predictions.csv", PredictionRows.PredictionHeader, predictions.Value.Select(PredictionRows.Prediction))
            : Problem(predictions.Problem);
    }

    /// <summary>The statistics series the page charts: one row per bucket, the answered traffic only.</summary>
    public static async Task<IResult> ExportStatistics(
        string? model, string? from, string? to, string? interval, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var statistics = await gateway.GetAsync<StatisticsReport>(PredictionQueries.Statistics(model, from, to, interval), cancellationToken);
        if (!statistics.Succeeded)
        {
            return Problem(statistics.Problem);
        }

        var classes = StatisticsSeries.Classes(statistics.Value);
        return CsvFile.Create($"{model}-statistics.csv", PredictionRows.StatisticsHeader(classes), statistics.Value.Buckets.Select(bucket => PredictionRows.Statistics(bucket, classes)));
    }

    private static IResult Problem(ApiProblem problem) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problem.Errors.ToDictionary()) { Status = problem.Status, Title = problem.Title, Detail = problem.Detail });
}