using Microsoft.AspNetCore.Http.HttpResults;

namespace MlOps.Telemetry.Service.Apis;

internal static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"The body may hold at most {maxBytes} bytes.");

    public static ProblemHttpResult TooMany(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Too many items",
        detail: detail);
}