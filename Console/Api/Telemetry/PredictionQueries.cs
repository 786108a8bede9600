using System.Globalization;

namespace MlOps.Console.Api.Telemetry;

/// <summary>The Telemetry API paths the predictions page and its exports ask, from the page's own query.</summary>
public static class PredictionQueries
{
    public static string Recent(string? model, string? before, int? limit) =>
        "/api/telemetry/predictions" + Query(("model", model), ("before", before), ("limit", limit?.ToString(CultureInfo.InvariantCulture)));

    public static string Statistics(string? model, string? from, string? to, string? interval) =>
        "/api/telemetry/statistics" + Query(("model", model), ("from", from), ("to", to), ("interval", interval));

    /// <summary>"?name=value&amp;…" of the values given, escaped; empty values are left out so the API applies its defaults.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(parameter => !string.IsNullOrEmpty(parameter.Value))
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}")
            .ToList();
        return given.Count == 0 ? string.Empty : "?" + string.Join('&', given);
    }
}