using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Infrastructure;
using MlOps.Inference.Service.IntegrationEvents;
using MlOps.Inference.Service.Serving;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Inference.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceMessaging(bus => bus.AddConsumer<DeploymentChangedConsumer>().Endpoint(endpoint =>
        {
            // Every replica must hear every deployment change: a queue of its own, deleted when the replica goes.
            endpoint.InstanceId = Guid.NewGuid().ToString("N");
            endpoint.Temporary = true;
        }));

        builder.Services.AddOptions<InferenceOptions>().Bind(builder.Configuration.GetSection(InferenceOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();

        // Inference keeps no database: the models it serves and how traffic splits come from the registry.
        builder.Services.AddHttpClient(RegistryClient.HttpClientName, client => client.BaseAddress = new Uri("http://registry-service"));
        builder.Services.AddSingleton<RegistryClient>();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<ModelLoader>();
        builder.Services.AddSingleton<ModelSynchronizer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ModelSynchronizer>());

        builder.Services.AddSingleton<PredictionLog>();
        builder.Services.AddSingleton<SpillFolder>();
        builder.Services.AddHostedService<PredictionLogPublisher>();
        builder.Services.AddSingleton<ShadowScorer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShadowScorer>());

        builder.Services.AddHealthChecks()
            .AddCheck<RegistryHealthCheck>("registry-service")
            .AddCheck<ModelsLoadedHealthCheck>("models");
    }
}