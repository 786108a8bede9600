namespace MlOps.AppHost.Launcher;

/// <param name="Description">What the resource answered, shown when it never becomes healthy.</param>
internal readonly record struct HealthResult(bool IsHealthy, string Description);