using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Infrastructure;
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

        builder.Services.Configure<RegistryOptions>(builder.Configuration.GetSection("Registry"));
        builder.Services.AddSingleton<RegistryStore>();
        builder.Services.AddSingleton<DeploymentStore>();
        builder.Services.AddSingleton<ArtifactStore>();
    }
}