using System.Text.Json;

using MlOps.Console.Api.Registry;
using MlOps.Console.Models;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class DeploymentHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly HistoryEntry[] History =
    [
        Entry(1, "promote", "champion", null, "1", minutes: 0, reason: "first champion"),
        Entry(2, "alias-set", "challenger", null, "2", minutes: 10),
        Entry(3, "deployment", null, """{"mode":"single","challengerTraffic":0}""", """{"mode":"canary","challengerTraffic":0.25}""", minutes: 20),
        Entry(4, "promote", "champion", "1", "2", minutes: 30, reason: "v2 wins"),
        Entry(5, "rollback", "champion", "2", "1", minutes: 40, reason: "v2 misbehaves"),
    ];

    [Fact]
    public void Before_the_first_change_there_is_no_champion()
    {
        var at = DeploymentHistory.At(History, Start.AddMinutes(-1));

        Assert.Null(at.Champion);
        Assert.Null(at.ChampionChange);
        Assert.Equal("single", at.Mode);
    }

    [Fact]
    public void A_change_at_exactly_T_counts()
    {
        var at = DeploymentHistory.At(History, Start.AddMinutes(10));

        Assert.Equal(1, at.Champion);
        Assert.Equal(2, at.Challenger);
        Assert.Equal(1, at.ChampionChange!.Id);
    }

    [Fact]
    public void The_traffic_split_follows_deployment_changes()
    {
        var at = DeploymentHistory.At(History, Start.AddMinutes(25));

        Assert.Equal("canary", at.Mode);
        Assert.Equal(0.25, at.ChallengerTraffic);
    }

    [Fact]
    public void Promoting_the_challenger_ends_the_challenge_and_the_split()
    {
        var at = DeploymentHistory.At(History, Start.AddMinutes(35));

        Assert.Equal(2, at.Champion);
        Assert.Null(at.Challenger);
        Assert.Equal("single", at.Mode);
        Assert.Equal(0, at.ChallengerTraffic);
        Assert.Equal("v2 wins", at.ChampionChange!.Reason);
    }

    [Fact]
    public void A_rollback_makes_the_previous_champion_champion_again()
    {
        var at = DeploymentHistory.At(History.Reverse(), Start.AddHours(1));

        Assert.Equal(1, at.Champion);
        Assert.Equal(5, at.ChampionChange!.Id);
    }

    [Fact]
    public void Removing_the_challenger_serves_the_champion_alone()
    {
        HistoryEntry[] history = [.. History[..3], Entry(6, "alias-deleted", "challenger", "2", null, minutes: 22)];

        var at = DeploymentHistory.At(history, Start.AddMinutes(23));

        Assert.Null(at.Challenger);
        Assert.Equal("single", at.Mode);
    }

    [Theory]
    [InlineData("2026-12-04T10:00Z", "2026-12-04T10:00:00+00:00")]
    [InlineData("2026-12-04T10:00", "2026-12-04T10:00:00+00:00")]
    [InlineData("2026-12-04T11:30+01:30", "2026-12-04T10:00:00+00:00")]
    [InlineData(" 2026-12-04 ", "2026-12-04T00:00:00+00:00")]
    public void Times_without_an_offset_are_UTC(string text, string expected)
    {
        Assert.True(DeploymentHistory.TryParseTime(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-04")]
    public void A_time_that_is_not_one_is_refused(string text) => Assert.False(DeploymentHistory.TryParseTime(text, out _));

    internal static HistoryEntry Entry(long id, string action, string? alias, string? from, string? to, int minutes, string? reason = null) => new(
        id, action, alias, Json(from), Json(to), reason, new Actor("key1"), Start.AddMinutes(minutes));

    private static JsonElement? Json(string? value) => value is null ? null : JsonDocument.Parse(value).RootElement.Clone();
}