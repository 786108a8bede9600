namespace MlOps.Console.Api;

/// <summary>The value of an API answer that has no body, such as a 204.</summary>
public sealed record NoBody;