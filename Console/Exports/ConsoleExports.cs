namespace MlOps.Console.Exports;

public static class ConsoleExports
{
    /// <summary>Tables and chart series as CSV under <c>/export/…</c>, with the same query as the page that shows them.</summary>
    public static IEndpointRouteBuilder MapConsoleExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/export").RequireAuthorization();
        exports.MapKeyExports();
        exports.MapModelExports();
        exports.MapPredictionExports();
        exports.MapRunExports();
        return app;
    }
}