using MlOps.Registry.Service.Deployments;

using Xunit;

namespace MlOps.ComponentTests.Registry;

public sealed class DeploymentPlannerTests
{
    private static readonly Dictionary<int, string> AllActive = new() { [1] = "active", [2] = "active", [3] = "active" };

    [Fact]
    public void Removing_the_champion_remembers_it_for_a_rollback()
    {
        var state = State(("champion", 2)) with { PreviousChampions = [1] };

        var removed = DeploymentPlanner.DeleteAlias(state, "champion").Change!;
        var rolledBack = DeploymentPlanner.Rollback(removed.State, AllActive).Change!;

        Assert.Equal([1, 2], removed.State.PreviousChampions);
        Assert.Equal(2, rolledBack.State.Champion);
        Assert.Equal([1], rolledBack.State.PreviousChampions);
    }

    [Fact]
    public void A_rollback_to_an_archived_champion_is_refused()
    {
        var state = State(("champion", 2)) with { PreviousChampions = [1] };

        var refusal = DeploymentPlanner.Rollback(state, new Dictionary<int, string> { [1] = "archived", [2] = "active" }).Refusal!;

        Assert.Equal(409, refusal.StatusCode);
        Assert.Contains("version 1, is archived", refusal.Message);
    }

    [Fact]
    public void The_champion_cannot_also_be_the_challenger()
    {
        var refusal = DeploymentPlanner.SetAlias(State(("champion", 1)), AllActive, "challenger", 1, DeploymentPlanner.SetAliasAction).Refusal!;

        Assert.Equal(409, refusal.StatusCode);
    }

    [Fact]
    public void Single_mode_sends_the_challenger_nothing_whatever_share_was_asked()
    {
        var state = State(("champion", 1), ("challenger", 2)) with { Mode = "canary", ChallengerTraffic = 0.3 };

        var change = DeploymentPlanner.SetDeployment(state, "single", 0.7).Change!;

        Assert.Equal("single", change.State.Mode);
        Assert.Equal(0, change.State.ChallengerTraffic);
    }

    private static DeploymentState State(params (string Alias, int Version)[] aliases) =>
        new(aliases.ToDictionary(a => a.Alias, a => a.Version), "single", 0, []);
}