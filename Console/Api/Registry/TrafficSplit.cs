using System.Text.Json;

namespace MlOps.Console.Api.Registry;

/// <summary>How traffic splits between champion and challenger, as a deployment change in the history records it.</summary>
public sealed record TrafficSplit(string Mode, double ChallengerTraffic)
{
    public static TrafficSplit? Read(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } split
        && split.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String
            ? new TrafficSplit(mode.GetString()!, split.TryGetProperty("challengerTraffic", out var traffic) && traffic.ValueKind == JsonValueKind.Number ? traffic.GetDouble() : 0)
            : null;
}