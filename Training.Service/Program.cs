using MlOps.ServiceDefaults;
using MlOps.Training.Service.Apis;
using MlOps.Training.Service.Extensions;

namespace MlOps.Training.Service;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapDatasetsApi();
        app.MapExperimentsApi();
        app.MapRunsApi();
        app.MapJobsApi();
        app.Run();
    }
}