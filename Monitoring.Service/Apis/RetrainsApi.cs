using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Checks;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Apis;

public static class RetrainsApi
{
    private const int MaxReasonLength = 500;
    private const string DefaultReason = "operator request";

    public static IEndpointRouteBuilder MapRetrainsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring/models/{name}/retrains").WithTags("Retrains");
        api.MapPost("/", RequestRetrain).WithName("RequestRetrain")
            .WithSummary("Ask Training to retrain the model now, beyond the policy's cooldown and daily budget, which the retrain still counts in");
        return app;
    }

    public static async Task<Results<Accepted<RetrainAccepted>, ValidationProblem>> RequestRetrain(
        string name, RetrainRequest? request, HttpContext context, RetrainRequester retrains, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        if (request?.Reason is { Length: > MaxReasonLength })
        {
            return Problems.Invalid("reason", $"A reason has at most {MaxReasonLength} characters.");
        }

        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? DefaultReason : request.Reason.Trim();
        var retrain = await retrains.RequestAsync(RequestIdentity.From(context).Tenant, name, reason, cancellationToken);
        return TypedResults.Accepted((string?)null, new RetrainAccepted(retrain.RequestId!.Value, name));
    }
}