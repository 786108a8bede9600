namespace MlOps.Telemetry.Service.Predictions;

/// <summary>Why a request was refused: the HTTP status, the field it concerns (such as <c>[3].predictionId</c>) and what is wrong.</summary>
public sealed record FieldError(int StatusCode, string Field, string Message)
{
    public static FieldError Invalid(string field, string message) => new(StatusCodes.Status400BadRequest, field, message);
}