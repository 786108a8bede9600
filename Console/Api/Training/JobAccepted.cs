namespace MlOps.Console.Api.Training;

public sealed record JobAccepted(Guid Id, string Status);