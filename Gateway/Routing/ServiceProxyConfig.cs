using MlOps.Gateway.Authorization;
using MlOps.Gateway.RateLimiting;

using Yarp.ReverseProxy.Configuration;

namespace MlOps.Gateway.Routing;

/// <summary>
/// Builds YARP's routes and clusters for the services that have an address configured, and for the console at
/// <c>/</c>; each destination names the resource (<c>http://registry-service</c>) and service discovery resolves it.
/// </summary>
internal static class ServiceProxyConfig
{
    public static InMemoryConfigProvider Create(IConfiguration configuration)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var service in BackendServices.All)
        {
            if (service.GetAddress(configuration) is null)
            {
                continue;
            }

            routes.Add(new RouteConfig
            {
                RouteId = service.Resource,
                ClusterId = service.Resource,
                Match = new RouteMatch { Path = $"{service.PathPrefix}/{{**rest}}" },
                AuthorizationPolicy = GatewayPolicies.ServiceAccess,
                RateLimiterPolicy = PerKeyRateLimiterPolicy.Name,
            });
            clusters.Add(Cluster(service.Resource));
        }

        if (BackendServices.OperatorConsole.GetAddress(configuration) is not null)
        {
            // Everything no other route takes: the console signs operators in itself and calls the API back through
            // this gateway with their keys, so the route needs no key of its own.
            routes.Add(new RouteConfig
            {
                RouteId = BackendServices.OperatorConsole.Resource,
                ClusterId = BackendServices.OperatorConsole.Resource,
                Match = new RouteMatch { Path = "/{**rest}" },
                Order = int.MaxValue,
            });
            clusters.Add(Cluster(BackendServices.OperatorConsole.Resource));
        }

        return new InMemoryConfigProvider(routes, clusters);
    }

    private static ClusterConfig Cluster(string resource) => new()
    {
        ClusterId = resource,
        Destinations = new Dictionary<string, DestinationConfig> { [resource] = new() { Address = $"http://{resource}" } },
    };
}