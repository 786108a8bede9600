using Microsoft.AspNetCore.HttpOverrides;

namespace MlOps.Console.Extensions;

public static class ConsolePipelineExtensions
{
    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        // Behind the gateway: links, redirects and the cookie follow the address the browser used, not the console's own.
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        });
        app.UseMiddleware<ServerTimingMiddleware>();
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}