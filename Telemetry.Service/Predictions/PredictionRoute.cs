namespace MlOps.Telemetry.Service.Predictions;

/// <summary>How a prediction was served: it answered the request (champion, challenger) or was only scored (shadow).</summary>
public static class PredictionRoute
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Shadow = "shadow";
    public const string Rule = "A route is champion, challenger or shadow.";

    public static bool IsKnown(string route) => route is Champion or Challenger or Shadow;
}