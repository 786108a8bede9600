using System.Text.RegularExpressions;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>The registry's rule for a model's name.</summary>
public static partial class ModelName
{
    public const string Rule = "A model name is 1 to 100 characters of A-Z, a-z, 0-9, '_', '.' and '-'.";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex Pattern();
}