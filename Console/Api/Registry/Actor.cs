namespace MlOps.Console.Api.Registry;

/// <summary>Who made a change: the id of the API key (never its secret) and its tenant.</summary>
public sealed record Actor(string? KeyId, string Tenant);