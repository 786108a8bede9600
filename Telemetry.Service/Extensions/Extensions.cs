using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.EventStreams;
using MlOps.Telemetry.Service.Infrastructure;

namespace MlOps.Telemetry.Service.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase("telemetrydb", typeof(Program).Assembly);
        builder.AddServiceMessaging();
        builder.AddTransactionalOutbox();

        builder.Services.Configure<EventStreamOptions>(builder.Configuration.GetSection("EventStreams"));
        builder.Services.AddSingleton<EventStore>();
    }
}