using MlOps.Gateway.Limits;

namespace MlOps.Gateway.Extensions;

public static class GatewayPipelineExtensions
{
    /// <summary>
    /// Runs after <c>MapDefaultEndpoints</c>' correlation-id middleware, so every answer below, 401s included,
    /// carries the id. Authentication is added here explicitly: left implicit, it would run before that middleware.
    /// </summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}