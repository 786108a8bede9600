using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Deployments;

namespace MlOps.Registry.Service.Apis;

internal static class Problems
{
    public const int MaxReasonLength = 1000;

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>A 400 naming the bad field, or a 404 or 409 ProblemDetails saying why.</summary>
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Refused<T>(DeploymentRefusal refusal) =>
        refusal.StatusCode == StatusCodes.Status400BadRequest ? Invalid(refusal.Field, refusal.Message) : Problem(refusal);

    public static ProblemHttpResult Problem(DeploymentRefusal refusal) => TypedResults.Problem(
        statusCode: refusal.StatusCode,
        title: refusal.StatusCode == StatusCodes.Status404NotFound ? "Not found" : "Conflict",
        detail: refusal.Message);

    /// <summary>The first problem with a route's model name and version, or null with the version parsed.</summary>
    public static ValidationProblem? CheckVersion(string name, string version, out int parsed)
    {
        parsed = 0;
        if (!ModelNameRule.IsValid(name))
        {
            return Invalid("name", ModelNameRule.Description);
        }

        return VersionNumber.TryParse(version, out parsed) ? null : Invalid("version", VersionNumber.Rule);
    }

    public static ValidationProblem? CheckReason(string? reason) =>
        reason is { Length: > MaxReasonLength } ? Invalid("reason", $"A reason is at most {MaxReasonLength} characters.") : null;
}