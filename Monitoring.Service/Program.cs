using MlOps.Monitoring.Service.Apis;
using MlOps.Monitoring.Service.Extensions;
using MlOps.ServiceDefaults;

namespace MlOps.Monitoring.Service;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapDriftChecksApi();
        app.MapRetrainsApi();
        app.MapPolicyApi();
        app.MapAlertsApi();
        app.MapHealthApi();
        app.Run();
    }
}