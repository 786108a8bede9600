using MlOps.Monitoring.Service.Checks;
using MlOps.Monitoring.Service.Health;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.IntegrationEvents;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Monitoring.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("monitoringdb", typeof(Program).Assembly);
        builder.AddServiceMessaging(bus =>
        {
            bus.AddConsumer<PredictionsLoggedConsumer>().Endpoint(endpoint => endpoint.Name = PredictionsLoggedConsumer.Queue);
            bus.AddConsumer<FeedbackRecordedConsumer>().Endpoint(endpoint => endpoint.Name = FeedbackRecordedConsumer.Queue);
            bus.AddConsumer<DeploymentChangedConsumer>().Endpoint(endpoint => endpoint.Name = DeploymentChangedConsumer.Queue);
            bus.AddConsumer<TrainingJobFinishedConsumer>().Endpoint(endpoint => endpoint.Name = TrainingJobFinishedConsumer.Queue);
        });
        builder.AddTransactionalOutbox();

        builder.Services.Configure<MonitoringOptions>(builder.Configuration.GetSection("Monitoring"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<RegistryClient>(client => client.BaseAddress = new Uri("http://registry-service"));
        builder.Services.AddHttpClient<TelemetryClient>(client => client.BaseAddress = new Uri("http://telemetry-service"));
        builder.Services.AddHttpClient(ServiceProbe.HttpClientName);
        builder.Services.AddSingleton<ServiceProbe>();
        builder.Services.AddSingleton<ReferenceStore>();
        builder.Services.AddSingleton<CountStore>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<PolicyStore>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<DeploymentStore>();
        builder.Services.AddSingleton<DriftChecker>();
        builder.Services.AddSingleton<RetrainRequester>();
        builder.Services.AddHostedService<ScheduledChecks>();
        builder.Services.AddHostedService<WaitingRows>();
    }
}