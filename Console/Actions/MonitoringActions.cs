using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using MlOps.Console.Api;
using MlOps.Console.Api.Monitoring;

namespace MlOps.Console.Actions;

public static class MonitoringActions
{
    public static RouteGroupBuilder MapMonitoringActions(this RouteGroupBuilder actions)
    {
        actions.MapPost("/monitoring/{model}/drift-checks", RunDriftCheck);
        actions.MapPost("/monitoring/{model}/retrains", RequestRetrain);
        actions.MapPost("/monitoring/{model}/policy", UpdatePolicy);
        return actions;
    }

    public static async Task<RedirectHttpResult> RunDriftCheck(
        string model, [FromForm] string? returnUrl, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var report = await gateway.PostAsync<DriftReport>($"/api/monitoring/models/{Uri.EscapeDataString(model)}/drift-checks", new { }, cancellationToken);
        return report.Succeeded
            ? ActionRedirect.Done(returnUrl, string.Create(CultureInfo.InvariantCulture,
                $"Drift check {report.Value.Id} of version {report.Value.Version}: {report.Value.Dataset.DriftedFeatures} of {report.Value.Dataset.TestedFeatures} features drifted ({report.Value.Dataset.DriftedShare:P0})."))
            : ActionRedirect.Failed(returnUrl, report.Problem.Describe());
    }

    public static async Task<RedirectHttpResult> RequestRetrain(
        string model, [FromForm] string? reason, [FromForm] string? returnUrl, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var retrain = await gateway.PostAsync<RetrainAccepted>($"/api/monitoring/models/{Uri.EscapeDataString(model)}/retrains", new { reason }, cancellationToken);
        return retrain.Succeeded
            ? ActionRedirect.Done(returnUrl, $"Retrain {retrain.Value.RequestId} of {model} requested.")
            : ActionRedirect.Failed(returnUrl, retrain.Problem.Describe());
    }

    public static async Task<RedirectHttpResult> UpdatePolicy(
        string model, IFormCollection form, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var returnUrl = form["returnUrl"].ToString();
        var policy = await gateway.PutAsync<MonitoringPolicy>(
            $"/api/monitoring/models/{Uri.EscapeDataString(model)}/policy", PolicyForm.Body(form), cancellationToken);
        return ActionRedirect.To(returnUrl, policy, $"The policy of {model} is saved.");
    }
}