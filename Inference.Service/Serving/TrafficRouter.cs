namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Decides which version answers a request and whether the challenger scores it in shadow. A canary gives the
/// challenger its traffic share of requests; a shadow lets the challenger score that share of requests, every request
/// when the share is 0, since a shadow that scores nothing would not be one. With a routing key the decision is a
/// stable hash of it, so one caller always lands on the same side; without one it is random.
/// </summary>
public static class TrafficRouter
{
    public const string RoutingKeyHeader = "X-Routing-Key";

    public static RouteDecision Decide(ServingState state, string? routingKey)
    {
        if (state.Challenger is not { } challenger || state.Mode == ServingNames.Single)
        {
            return new RouteDecision(state.Champion, ServingNames.ChampionRoute, null);
        }

        var traffic = state.Mode == ServingNames.Shadow && state.ChallengerTraffic == 0 ? 1 : state.ChallengerTraffic;
        var chosen = Share(routingKey) < traffic;
        return state.Mode switch
        {
            ServingNames.Canary when chosen => new RouteDecision(challenger, ServingNames.ChallengerRoute, null),
            ServingNames.Shadow when chosen => new RouteDecision(state.Champion, ServingNames.ChampionRoute, challenger),
            _ => new RouteDecision(state.Champion, ServingNames.ChampionRoute, null),
        };
    }

    /// <summary>A number in [0, 1): the routing key's hash, or a random draw without a key.</summary>
    public static double Share(string? routingKey)
    {
        if (string.IsNullOrEmpty(routingKey))
        {
            return Random.Shared.NextDouble();
        }

        // FNV-1a over the key's characters, then a 64-bit finaliser so that keys differing in one character spread.
        var hash = 14695981039346656037UL;
        foreach (var c in routingKey)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>The version that answers a request, the route it is logged under, and the challenger scoring it in shadow.</summary>
public readonly record struct RouteDecision(LoadedModel Answering, string Route, LoadedModel? Shadow);