using System.Text.Json;

using MlOps.Registry.Service.Catalog;

namespace MlOps.Registry.Service.Deployments;

/// <summary>
/// One audited change of a model's aliases or deployment. <see cref="From"/> and <see cref="To"/> are versions for
/// alias changes, promotions and rollbacks, and <c>{mode, challengerTraffic}</c> for traffic changes.
/// </summary>
public sealed record HistoryEntry(
    long Id,
    string Action,
    string? Alias,
    JsonElement? From,
    JsonElement? To,
    string? Reason,
    Actor Who,
    DateTimeOffset At);