using MlOps.Inference.Service.Infrastructure;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Inference.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceMessaging();

        // Inference keeps no database: the models it serves and how traffic splits come from the registry.
        builder.Services.AddHttpClient<RegistryClient>(client => client.BaseAddress = new Uri("http://registry-service"));
        builder.Services.AddHealthChecks().AddCheck<RegistryHealthCheck>("registry-service");
    }
}