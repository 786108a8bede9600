using MlOps.Registry.Service.Apis;
using MlOps.Registry.Service.Extensions;
using MlOps.ServiceDefaults;

namespace MlOps.Registry.Service;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapModelsApi();
        app.MapVersionsApi();
        app.MapDeploymentsApi();
        app.MapInternalApi();
        app.Run();
    }
}