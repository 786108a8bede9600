using MlOps.Console.Api;
using MlOps.Console.Api.Keys;

namespace MlOps.Console.Exports;

public static class KeyExports
{
    public static RouteGroupBuilder MapKeyExports(this RouteGroupBuilder exports)
    {
        exports.MapGet("/keys.csv", ExportKeys).RequireAuthorization(policy => policy.RequireRole("admin"));
        return exports;
    }

    public static async Task<IResult> ExportKeys(GatewayClient gateway, CancellationToken cancellationToken)
    {
        var keys = await gateway.GetAsync<List<KeySummary>>("/api/keys", cancellationToken);
        return keys.Succeeded
            ? CsvFile.Create("keys.csv", ["id", "tenant", "role", "name", "createdAt"], keys.Value.Select(key => (IReadOnlyList<object?>)[key.Id, key.Tenant, key.Role, key.Name, key.CreatedAt]))
            : TypedResults.Problem(statusCode: keys.Problem.Status, title: keys.Problem.Title, detail: keys.Problem.Detail);
    }
}