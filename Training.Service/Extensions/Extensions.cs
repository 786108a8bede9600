using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Infrastructure;

namespace MlOps.Training.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("trainingdb", typeof(Program).Assembly);
        builder.AddServiceMessaging();
        builder.AddTransactionalOutbox();

        builder.Services.AddSingleton<TrackingStore>();

        builder.Services.Configure<DatasetOptions>(builder.Configuration.GetSection("Datasets"));
        builder.Services.AddSingleton<DatasetStore>();
    }
}