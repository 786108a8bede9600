using MlOps.Console.Api;
using MlOps.Console.Api.Registry;
using MlOps.Console.Models;

namespace MlOps.Console.Exports;

public static class ModelExports
{
    public static RouteGroupBuilder MapModelExports(this RouteGroupBuilder exports)
    {
        exports.MapGet("/models/{name}/versions.csv", ExportVersions);
        return exports;
    }

    /// <summary>Every version, in the order the page's <c>sort</c> and <c>dir</c> give, one column per held-out metric.</summary>
    public static async Task<IResult> ExportVersions(string name, string? sort, string? dir, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var versions = await gateway.GetAsync<List<ModelVersion>>($"/api/registry/models/{Uri.EscapeDataString(name)}/versions", cancellationToken);
        if (!versions.Succeeded)
        {
            return TypedResults.Problem(statusCode: versions.Problem.Status, title: versions.Problem.Title, detail: versions.Problem.Detail);
        }

        var metrics = VersionOrder.MetricNames(versions.Value);
        var header = new List<string> { "version", "status", "createdAt", "createdBy", "trainer", "aliases", "tags" };
        header.AddRange(metrics);
        var rows = VersionOrder.Sort(versions.Value, sort, dir != "asc").Select(version => (IReadOnlyList<object?>)
        [
            version.Version, version.Status, version.CreatedAt, version.CreatedBy.KeyId, version.Trainer,
            string.Join(" ", version.Aliases),
            string.Join(" ", version.Tags.Select(tag => $"{tag.Key}={tag.Value}")),
            .. metrics.Select(metric => version.HeldOut.TryGetValue(metric, out var value) ? (object?)value : null),
        ]);
        return CsvFile.Create($"{name}-versions.csv", header, rows);
    }
}