using MlOps.Inference.Service.Apis;
using MlOps.Inference.Service.Extensions;
using MlOps.ServiceDefaults;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Inference.Service;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseInlineSocketScheduling();
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInferenceApi();
        app.Run();
    }
}