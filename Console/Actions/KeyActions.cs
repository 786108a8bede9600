using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using MlOps.Console.Api;
using MlOps.Console.Api.Keys;

namespace MlOps.Console.Actions;

public static class KeyActions
{
    public static RouteGroupBuilder MapKeyActions(this RouteGroupBuilder actions)
    {
        actions.MapPost("/keys", CreateKey);
        actions.MapPost("/keys/{id}/revoke", RevokeKey);
        return actions;
    }

    /// <summary>The new key's secret is shown once, on the page the operator returns to.</summary>
    public static async Task<RedirectHttpResult> CreateKey(
        [FromForm] string? tenant, [FromForm] string? role, [FromForm] string? name, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var created = await gateway.PostAsync<CreatedKey>("/api/keys", new { tenant, role, name }, cancellationToken);
        return created.Succeeded
            ? ActionRedirect.Done("/keys", $"Created key {created.Value.Id} ({created.Value.Tenant}, {created.Value.Role}). Its secret, shown only now: {created.Value.Key}")
            : ActionRedirect.Failed("/keys", created.Problem.Describe());
    }

    public static async Task<RedirectHttpResult> RevokeKey(string id, GatewayClient gateway, CancellationToken cancellationToken) =>
        ActionRedirect.To("/keys", await gateway.DeleteAsync<NoBody>($"/api/keys/{Uri.EscapeDataString(id)}", cancellationToken), $"Revoked key {id}.");
}