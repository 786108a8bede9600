namespace MlOps.Console.Api.Registry;

/// <summary>Who made a change: the id of the API key, never its secret.</summary>
public sealed record Actor(string? KeyId);