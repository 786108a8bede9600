using MlOps.Gateway.Authorization;
using MlOps.Gateway.RateLimiting;

using Yarp.ReverseProxy.Configuration;

namespace MlOps.Gateway.Routing;

/// <summary>
/// Builds YARP's routes and clusters for the services that have an address configured; each destination names the
/// service (<c>http://registry-service</c>) and service discovery resolves it.
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
            clusters.Add(new ClusterConfig
            {
                ClusterId = service.Resource,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [service.Resource] = new() { Address = $"http://{service.Resource}" },
                },
            });
        }

        return new InMemoryConfigProvider(routes, clusters);
    }
}