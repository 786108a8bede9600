using MassTransit.Logging;
using MassTransit.Monitoring;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MlOps.ServiceDefaults.Telemetry;

internal static class OpenTelemetryExtensions
{
    public static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName)
                .AddMeter(MlOpsDiagnostics.MeterName));

        // Spans are recorded only where a collector is configured to receive them: recording one for every request at
        // every hop costs CPU for nothing otherwise. The correlation id still ties a request's log lines together.
        if (ExportsTraces(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(DiagnosticHeaders.DefaultListenerName)
                    .AddSource(MlOpsDiagnostics.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(options =>
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health")
                            && !context.Request.Path.StartsWithSegments("/alive"))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
    }
}