using MlOps.ServiceDefaults;
using MlOps.Telemetry.Service.Apis;
using MlOps.Telemetry.Service.Extensions;

namespace MlOps.Telemetry.Service;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapEventStreamsApi();
        app.MapPredictionsApi();
        app.MapStatisticsApi();
        app.Run();
    }
}