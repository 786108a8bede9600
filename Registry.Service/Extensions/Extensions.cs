using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Registry.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("registrydb", typeof(Program).Assembly);
        builder.AddServiceMessaging();
        builder.AddTransactionalOutbox();
    }
}