using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using MlOps.Console.Api;
using MlOps.Console.Api.Registry;
using MlOps.Console.Models;

namespace MlOps.Console.Actions;

/// <summary>Registry changes from the model page; each carries the operator's reason into the registry's audit trail.</summary>
public static class ModelActions
{
    private const string VersionRule = "version: Choose a version, a positive integer such as 3.";

    public static RouteGroupBuilder MapModelActions(this RouteGroupBuilder actions)
    {
        actions.MapPost("/models/{name}/promote", Promote);
        actions.MapPost("/models/{name}/rollback", Rollback);
        actions.MapPost("/models/{name}/challenger", SetChallenger);
        actions.MapPost("/models/{name}/deployment", SetDeployment);
        return actions;
    }

    public static async Task<RedirectHttpResult> Promote(
        string name, [FromForm] string? version, [FromForm] string? reason, [FromForm] string? returnUrl, GatewayClient gateway,
        CancellationToken cancellationToken)
    {
        if (!TryParseVersion(version, out var number))
        {
            return ActionRedirect.Failed(returnUrl, VersionRule);
        }

        var promoted = await gateway.PostAsync<Deployment>($"{Path(name)}/promote", new { version = number, reason }, cancellationToken);
        return ActionRedirect.To(returnUrl, promoted, $"Version {number} of {name} is champion.");
    }

    public static async Task<RedirectHttpResult> Rollback(
        string name, [FromForm] string? reason, [FromForm] string? returnUrl, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var rolledBack = await gateway.PostAsync<Deployment>($"{Path(name)}/rollback", new { reason }, cancellationToken);
        return ActionRedirect.To(returnUrl, rolledBack, $"Rolled {name} back: version {rolledBack.Value?.Champion} is champion again.");
    }

    public static async Task<RedirectHttpResult> SetChallenger(
        string name, [FromForm] string? version, [FromForm] string? reason, [FromForm] string? returnUrl, GatewayClient gateway,
        CancellationToken cancellationToken)
    {
        if (!TryParseVersion(version, out var number))
        {
            return ActionRedirect.Failed(returnUrl, VersionRule);
        }

        var set = await gateway.PutAsync<Deployment>($"{Path(name)}/aliases/challenger", new { version = number, reason }, cancellationToken);
        return ActionRedirect.To(returnUrl, set, $"Version {number} of {name} is challenger.");
    }

    /// <summary>The form gives the challenger's share as a percentage; the registry takes a share from 0 to 1.</summary>
    public static async Task<RedirectHttpResult> SetDeployment(
        string name, [FromForm] string? mode, [FromForm] string? percent, [FromForm] string? reason, [FromForm] string? returnUrl,
        GatewayClient gateway, CancellationToken cancellationToken)
    {
        double? share = null;
        if (!string.IsNullOrWhiteSpace(percent))
        {
            if (!double.TryParse(percent, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 100)
            {
                return ActionRedirect.Failed(returnUrl, "percent: The challenger's share is a percentage from 0 to 100, such as 10.");
            }

            share = value / 100;
        }

        var set = await gateway.PutAsync<Deployment>($"{Path(name)}/deployment", new { mode, challengerTraffic = share, reason }, cancellationToken);
        return ActionRedirect.To(returnUrl, set, set.Value is { } deployment
            ? $"{name} is served in {deployment.Mode} mode, {ModelFormat.Share(deployment.ChallengerTraffic)} to the challenger."
            : string.Empty);
    }

    private static string Path(string name) => $"/api/registry/models/{Uri.EscapeDataString(name)}";

    private static bool TryParseVersion(string? version, out int number) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
}