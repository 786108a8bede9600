namespace MlOps.Inference.Service.Serving;

/// <summary>The deployment modes the registry sets and the routes a served row can take.</summary>
public static class ServingNames
{
    public const string Single = "single";
    public const string Canary = "canary";
    public const string Shadow = "shadow";

    public const string ChampionRoute = "champion";
    public const string ChallengerRoute = "challenger";
    public const string ShadowRoute = "shadow";
}