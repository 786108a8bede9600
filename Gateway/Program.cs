using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;
using MlOps.ServiceDefaults;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Gateway;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseInlineSocketScheduling();
        builder.AddServiceDefaults();
        builder.AddGatewayServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseGatewayPipeline();
        app.MapKeysApi();
        app.MapDocsApi();
        app.MapUnroutedApi();
        app.MapReverseProxy();
        app.Run();
    }
}