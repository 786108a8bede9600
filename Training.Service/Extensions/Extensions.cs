using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Training.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("trainingdb", typeof(Program).Assembly);
        builder.AddServiceMessaging();
        builder.AddTransactionalOutbox();
    }
}