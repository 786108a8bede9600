using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using MlOps.Console.Api;
using MlOps.Console.Api.Training;
using MlOps.Console.Training;

namespace MlOps.Console.Actions;

public static class TrainingActions
{
    public static RouteGroupBuilder MapTrainingActions(this RouteGroupBuilder actions)
    {
        actions.MapPost("/training/jobs", StartJob);
        actions.MapPost("/training/jobs/{id:guid}/cancel", CancelJob);
        return actions;
    }

    /// <summary>A started job is followed on its own page; a refused one goes back to the form with the API's reasons.</summary>
    public static async Task<RedirectHttpResult> StartJob(IFormCollection form, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var (request, error) = JobForm.Read(form);
        if (request is null)
        {
            return ActionRedirect.Failed("/training", error!);
        }

        var accepted = await gateway.PostAsync<JobAccepted>("/api/training/jobs", request, cancellationToken);
        return accepted.Succeeded
            ? ActionRedirect.Done($"/jobs/{accepted.Value.Id}", $"Job {accepted.Value.Id} is {accepted.Value.Status}.")
            : ActionRedirect.Failed("/training", accepted.Problem.Describe());
    }

    public static async Task<RedirectHttpResult> CancelJob(Guid id, [FromForm] string? returnUrl, GatewayClient gateway, CancellationToken cancellationToken) =>
        ActionRedirect.To(returnUrl ?? $"/jobs/{id}", await gateway.PostAsync<NoBody>($"/api/training/jobs/{id}/cancel", body: null, cancellationToken), $"Asked job {id} to cancel.");
}