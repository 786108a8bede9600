namespace MlOps.Registry.Service.Deployments;

/// <summary>How traffic splits between champion and challenger.</summary>
public static class DeploymentMode
{
    /// <summary>Every request is answered by the champion.</summary>
    public const string Single = "single";

    /// <summary>A share of requests (the challenger traffic) is answered by the challenger.</summary>
    public const string Canary = "canary";

    /// <summary>The champion answers; the challenger sees the same requests (the challenger traffic's share) and never answers.</summary>
    public const string Shadow = "shadow";

    public const string Rule = "The mode is one of 'single', 'canary' and 'shadow'.";

    public static bool IsKnown(string? mode) => mode is Single or Canary or Shadow;
}