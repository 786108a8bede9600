using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.EventStreams;
using MlOps.Telemetry.Service.Infrastructure;
using MlOps.Telemetry.Service.IntegrationEvents;
using MlOps.Telemetry.Service.Predictions;

namespace MlOps.Telemetry.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("telemetrydb", typeof(Program).Assembly);
        builder.AddServiceMessaging(bus => bus.AddConsumer<PredictionsLoggedConsumer>()
            .Endpoint(endpoint => endpoint.Name = PredictionsLoggedConsumer.Queue));
        builder.AddTransactionalOutbox();

        builder.Services.Configure<EventStreamOptions>(builder.Configuration.GetSection("EventStreams"));
        builder.Services.Configure<PredictionLogOptions>(builder.Configuration.GetSection("Predictions"));
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<PredictionBlockStore>();
        builder.Services.AddSingleton<PredictionExport>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<PredictionStatistics>();
        builder.Services.AddSingleton<LabelledExport>();
        builder.Services.AddSingleton<RecentPredictions>();
    }
}