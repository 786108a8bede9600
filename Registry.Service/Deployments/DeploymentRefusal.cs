namespace MlOps.Registry.Service.Deployments;

/// <summary>Why a deployment change was not made: a status code (400, 404 or 409), the field at fault and why.</summary>
public sealed record DeploymentRefusal(int StatusCode, string Field, string Message)
{
    public static DeploymentRefusal Invalid(string field, string message) => new(StatusCodes.Status400BadRequest, field, message);

    public static DeploymentRefusal NotFound(string field, string message) => new(StatusCodes.Status404NotFound, field, message);

    public static DeploymentRefusal Conflict(string field, string message) => new(StatusCodes.Status409Conflict, field, message);
}