using System.Globalization;

using MlOps.Console.Api.Registry;

namespace MlOps.Console.Models;

/// <summary>
/// Answers "what was served at time T" by replaying the registry's audit trail up to T with the registry's own rules: a
/// version that becomes champion stops being challenger, and a model without a challenger is served in single mode.
/// Those implicit changes have no entry of their own, so the trail alone would not tell.
/// </summary>
public static class DeploymentHistory
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Single = "single";
    public const string TimeRule = "A time is ISO 8601, such as 2026-12-04T10:00Z; without an offset it is UTC.";

    public static DeploymentAt At(IEnumerable<HistoryEntry> history, DateTimeOffset at)
    {
        var state = new DeploymentAt(at, null, null, Single, 0, null);
        foreach (var entry in history.Where(entry => entry.At <= at).OrderBy(entry => entry.At).ThenBy(entry => entry.Id))
        {
            state = Apply(state, entry);
        }

        return state;
    }

    public static bool TryParseTime(string text, out DateTimeOffset time) => DateTimeOffset.TryParse(
        text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static DeploymentAt Apply(DeploymentAt state, HistoryEntry entry)
    {
        if (entry.Alias == Champion)
        {
            var champion = entry.ToVersion;
            var next = state with { Champion = champion, ChampionChange = entry };
            return champion is not null && champion == state.Challenger ? WithoutChallenger(next) : next;
        }

        if (entry.Alias == Challenger)
        {
            return entry.ToVersion is { } challenger ? state with { Challenger = challenger } : WithoutChallenger(state);
        }

        return entry.Action == "deployment" && TrafficSplit.Read(entry.To) is { } split
            ? state with { Mode = split.Mode, ChallengerTraffic = split.ChallengerTraffic }
            : state;
    }

    private static DeploymentAt WithoutChallenger(DeploymentAt state) => state with { Challenger = null, Mode = Single, ChallengerTraffic = 0 };
}