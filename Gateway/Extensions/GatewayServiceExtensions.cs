using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

using MlOps.Gateway.Authentication;
using MlOps.Gateway.Authorization;
using MlOps.Gateway.Docs;
using MlOps.Gateway.Keys;
using MlOps.Gateway.Limits;
using MlOps.Gateway.RateLimiting;
using MlOps.Gateway.Routing;

using OpenTelemetry.Metrics;

using Yarp.ReverseProxy.Configuration;

namespace MlOps.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ApiKeyStoreOptions>().BindConfiguration(ApiKeyStoreOptions.SectionName);
        services.AddOptions<KeyRateLimitOptions>().BindConfiguration(KeyRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<ApiKeyStoreInitializer>();

        services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationScheme, configureOptions: null);
        services.AddSingleton<IAuthorizationHandler, RoleMethodAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.ServiceAccess, policy => policy.RequireAuthenticatedUser().AddRequirements(new RoleMethodRequirement()))
            .AddPolicy(GatewayPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ApiKeyRoles.Admin));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, PerKeyRateLimiterPolicy>(PerKeyRateLimiterPolicy.Name);
        });

        // LoadFromMemory's provider, built once configuration is final (test hosts and the AppHost add to it late).
        services.AddSingleton<IProxyConfigProvider>(provider => ServiceProxyConfig.Create(provider.GetRequiredService<IConfiguration>()));
        services.AddReverseProxy()
            .AddTransforms(context => context.RequestTransforms.Add(new IdentityHeadersTransform()))
            .AddServiceDiscoveryDestinationResolver();
        // Every proxied call would record the outgoing request's duration and connection churn, which the service's
        // own request duration already shows, at a cost on each request.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
            instrument => instrument.Meter.Name == "System.Net.Http" ? MetricStreamConfiguration.Drop : null));

        // One quick attempt instead of ServiceDefaults' retries: an unreachable service shows as unavailable
        // at once rather than holding the page for ~15 s. The API is marked experimental, pinned with the package.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<OpenApiDocumentClient>(client => client.Timeout = OpenApiDocumentClient.Timeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        return builder;
    }
}