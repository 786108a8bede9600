using System.Globalization;
using System.Text.Json;

using MlOps.Console.Api.Registry;

namespace MlOps.Console.Models;

/// <summary>How the Models pages write times, metrics and traffic splits.</summary>
public static class ModelFormat
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Metric(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    public static string Share(double? value) => value is { } v ? v.ToString("0.#%", CultureInfo.InvariantCulture) : "—";

    public static string Traffic(Deployment deployment) => deployment.Mode switch
    {
        "canary" => $"canary, {Share(deployment.ChallengerTraffic)} answered by the challenger",
        "shadow" => $"shadow, the challenger sees {Share(deployment.ChallengerTraffic)}",
        _ => "champion only",
    };

    /// <summary>A hyper-parameter as the manifest gives it: numbers and strings bare, anything else as JSON.</summary>
    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}