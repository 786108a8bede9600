using MlOps.Console.Api;
using MlOps.Console.Api.Training;
using MlOps.Console.Runs;

namespace MlOps.Console.Exports;

public static class RunExports
{
    private const int PageSize = 1000;
    private const int MaxRuns = 20_000;

    public static RouteGroupBuilder MapRunExports(this RouteGroupBuilder exports)
    {
        exports.MapGet("/runs.csv", ExportRuns);
        return exports;
    }

    /// <summary>Every run the table's query matches (not only its page), with the table's columns.</summary>
    public static async Task<IResult> ExportRuns(
        string? experiment, string? filter, string? sort, string? cols, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var query = new RunQuery(experiment, filter, sort, cols, PageToken: null, RunQuery.DefaultSize);
        var runs = new List<TrackedRun>();
        string? pageToken = null;
        do
        {
            var page = await gateway.GetAsync<RunPage>(query.ApiPath(PageSize, pageToken), cancellationToken);
            if (!page.Succeeded)
            {
                return TypedResults.Problem(statusCode: page.Problem.Status, title: page.Problem.Title, detail: page.Problem.Describe());
            }

            runs.AddRange(page.Value.Runs);
            pageToken = page.Value.NextPageToken;
        }
        while (pageToken is not null && runs.Count < MaxRuns);

        var (chosen, _) = RunColumn.ParseList(cols);
        var columns = chosen.Count > 0 ? chosen : RunColumn.Defaults(runs);
        return CsvFile.Create(
            "runs.csv",
            ["id", "experiment", "name", "status", "startTime", .. columns.Select(column => column.Name)],
            runs.Select(run => (IReadOnlyList<object?>)[run.Id, run.Experiment, run.Name, run.Status, run.StartTime, .. columns.Select(column => column.ValueOf(run))]));
    }
}