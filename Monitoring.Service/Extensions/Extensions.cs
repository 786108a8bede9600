using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Monitoring.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("monitoringdb", typeof(Program).Assembly);
        builder.AddServiceMessaging();
        builder.AddTransactionalOutbox();
    }
}