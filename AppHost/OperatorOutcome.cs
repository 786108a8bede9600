namespace MlOps.AppHost;

/// <summary>How an operator's action through the API ended, in words for the dashboard.</summary>
internal sealed record OperatorOutcome(bool Succeeded, string Message);