namespace MlOps.Inference.Service.Serving;

/// <summary>How the registry's latest deployment of a model is being served, with the reason when it is not.</summary>
public sealed record ModelStatus(string State, string? Error)
{
    /// <summary>The registry's current deployment is served.</summary>
    public static ModelStatus Loaded { get; } = new("loaded", null);

    /// <summary>A change is being loaded; what was served before serves meanwhile.</summary>
    public static ModelStatus Loading(string? error = null) => new("loading", error);

    /// <summary>The latest change could not be loaded; what was served before (if anything) still serves.</summary>
    public static ModelStatus Failed(string error) => new("failed", error);
}