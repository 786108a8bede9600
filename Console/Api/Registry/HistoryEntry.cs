using System.Text.Json;

namespace MlOps.Console.Api.Registry;

/// <summary>
/// One audited change of a model's aliases or deployment: <see cref="From"/> and <see cref="To"/> are versions for
/// alias changes, promotions and rollbacks, and <c>{mode, challengerTraffic}</c> for traffic changes.
/// </summary>
public sealed record HistoryEntry(long Id, string Action, string? Alias, JsonElement? From, JsonElement? To, string? Reason, Actor Who, DateTimeOffset At)
{
    public int? FromVersion => Version(From);

    public int? ToVersion => Version(To);

    private static int? Version(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var version) ? version : null;
}