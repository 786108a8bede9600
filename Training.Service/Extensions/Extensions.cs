using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.IntegrationEvents;
using MlOps.Training.Service.Jobs;

namespace MlOps.Training.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("trainingdb", typeof(Program).Assembly);
        builder.AddServiceMessaging(bus => bus.AddConsumer<RetrainRequestedConsumer>()
            .Endpoint(endpoint => endpoint.Name = RetrainRequestedConsumer.Queue));
        builder.AddTransactionalOutbox();

        builder.Services.AddSingleton<TrackingStore>();

        builder.Services.Configure<DatasetOptions>(builder.Configuration.GetSection("Datasets"));
        builder.Services.AddSingleton<DatasetStore>();

        builder.Services.Configure<TrainingOptions>(builder.Configuration.GetSection("Training"));
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<ChallengerEvaluator>();
        builder.Services.AddSingleton<TrainingJobRunner>();
        builder.Services.AddHostedService<TrainingJobWorker>();
        // A package upload is a POST whose body cannot be replayed: one attempt, with room for a large package.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<RegistryClient>(client => client.BaseAddress = new Uri("http://registry-service"))
            .RemoveAllResilienceHandlers()
            .ConfigureHttpClient(client => client.Timeout = TimeSpan.FromMinutes(5));
#pragma warning restore EXTEXP0001
        builder.Services.AddHttpClient<TelemetryClient>(client => client.BaseAddress = new Uri("http://telemetry-service"));
    }
}