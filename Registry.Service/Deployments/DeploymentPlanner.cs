using System.Text.Json.Nodes;

using MlOps.Registry.Service.Catalog;

namespace MlOps.Registry.Service.Deployments;

/// <summary>
/// The rules for changing aliases and traffic, decided on a state read under lock. Whenever the champion changes the
/// old one is remembered for a rollback; a version that becomes champion stops being challenger, and a model without
/// a challenger is served in single mode.
/// </summary>
public static class DeploymentPlanner
{
    public const string SetAliasAction = "alias-set";
    public const string DeleteAliasAction = "alias-deleted";
    public const string PromoteAction = "promote";
    public const string RollbackAction = "rollback";
    public const string DeploymentAction = "deployment";

    /// <param name="statuses">Every version of the model and its status.</param>
    public static PlanResult SetAlias(
        DeploymentState state, IReadOnlyDictionary<int, string> statuses, string alias, int version, string action)
    {
        if (!statuses.TryGetValue(version, out var status))
        {
            return PlanResult.Refused(DeploymentRefusal.NotFound("version", $"Version {version} does not exist."));
        }

        if (AliasName.IsServed(alias) && status == VersionStatus.Archived)
        {
            return PlanResult.Refused(DeploymentRefusal.Conflict(
                "version", $"Version {version} is archived and cannot be {alias}."));
        }

        if (alias == AliasName.Challenger && state.Champion == version)
        {
            return PlanResult.Refused(DeploymentRefusal.Conflict(
                "version", $"Version {version} is the champion; it cannot also be the challenger."));
        }

        var current = state.Aliases.TryGetValue(alias, out var existing) ? existing : (int?)null;
        if (current == version)
        {
            return PlanResult.Unchanged;
        }

        var aliases = new Dictionary<string, int>(state.Aliases) { [alias] = version };
        var next = state with { Aliases = aliases };
        if (alias == AliasName.Champion)
        {
            next = Remember(next, current);
            if (state.Challenger == version)
            {
                next = WithoutChallenger(next);
            }
        }

        return PlanResult.Changed(new PlannedChange(action, alias, current, version, next));
    }

    public static PlanResult DeleteAlias(DeploymentState state, string alias)
    {
        if (!state.Aliases.TryGetValue(alias, out var current))
        {
            return PlanResult.Refused(DeploymentRefusal.NotFound("alias", $"The model has no alias '{alias}'."));
        }

        var aliases = new Dictionary<string, int>(state.Aliases);
        aliases.Remove(alias);
        var next = state with { Aliases = aliases };
        next = alias switch
        {
            AliasName.Champion => Remember(next, current),
            AliasName.Challenger => WithoutChallenger(next),
            _ => next,
        };
        return PlanResult.Changed(new PlannedChange(DeleteAliasAction, alias, current, null, next));
    }

    /// <summary>Makes the champion before the current one champion again; the current one is not remembered.</summary>
    public static PlanResult Rollback(DeploymentState state, IReadOnlyDictionary<int, string> statuses)
    {
        if (state.PreviousChampions.Count == 0)
        {
            return PlanResult.Refused(DeploymentRefusal.Conflict(
                "champion", "There is no previous champion to roll back to."));
        }

        var previous = state.PreviousChampions[^1];
        if (statuses.GetValueOrDefault(previous) != VersionStatus.Active)
        {
            return PlanResult.Refused(DeploymentRefusal.Conflict(
                "champion", $"The previous champion, version {previous}, is archived and cannot be champion again."));
        }

        var aliases = new Dictionary<string, int>(state.Aliases) { [AliasName.Champion] = previous };
        var next = state with { Aliases = aliases, PreviousChampions = state.PreviousChampions.Take(state.PreviousChampions.Count - 1).ToArray() };
        if (state.Challenger == previous)
        {
            next = WithoutChallenger(next);
        }

        return PlanResult.Changed(new PlannedChange(RollbackAction, AliasName.Champion, state.Champion, previous, next));
    }

    /// <summary>Expects a known mode and a traffic share already checked to lie in [0, 1].</summary>
    public static PlanResult SetDeployment(DeploymentState state, string mode, double challengerTraffic)
    {
        if (mode != DeploymentMode.Single && state.Challenger is null)
        {
            return PlanResult.Refused(DeploymentRefusal.Invalid(
                "mode", $"Mode '{mode}' needs a challenger; set the 'challenger' alias first."));
        }

        var traffic = mode == DeploymentMode.Single ? 0 : challengerTraffic;
        if (state.Mode == mode && state.ChallengerTraffic.Equals(traffic))
        {
            return PlanResult.Unchanged;
        }

        var next = state with { Mode = mode, ChallengerTraffic = traffic };
        return PlanResult.Changed(new PlannedChange(DeploymentAction, null, Split(state), Split(next), next));
    }

    private static DeploymentState Remember(DeploymentState state, int? replacedChampion) =>
        replacedChampion is { } version
            ? state with { PreviousChampions = [.. state.PreviousChampions, version] }
            : state;

    private static DeploymentState WithoutChallenger(DeploymentState state)
    {
        var aliases = new Dictionary<string, int>(state.Aliases);
        aliases.Remove(AliasName.Challenger);
        return state with { Aliases = aliases, Mode = DeploymentMode.Single, ChallengerTraffic = 0 };
    }

    private static JsonObject Split(DeploymentState state) => new()
    {
        ["mode"] = state.Mode,
        ["challengerTraffic"] = state.ChallengerTraffic,
    };
}