using MlOps.Gateway.Authorization;
using MlOps.Gateway.RateLimiting;

using Yarp.ReverseProxy.Configuration;

namespace MlOps.Gateway.Routing;

/// <summary>Builds YARP's routes and clusters from the services' configured addresses.</summary>
internal static class ServiceProxyConfig
{
    public static InMemoryConfigProvider Create(IConfiguration configuration)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var service in BackendServices.All)
        {
            if (service.GetAddress(configuration) is not { } address)
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
            clusters.Add(new ClusterConfig
            {
                ClusterId = service.Resource,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [service.Resource] = new() { Address = address.ToString() },
                },
            });
        }

        return new InMemoryConfigProvider(routes, clusters);
    }
}