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
    private const double DefaultTracesPerSecond = 2;

    public static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) && TracesPerSecond(configuration) > 0;

    private static double TracesPerSecond(IConfiguration configuration) =>
        configuration.GetValue("Tracing:TracesPerSecond", DefaultTracesPerSecond);

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
                .AddMeter(MlOpsDiagnostics.MeterName)
                .AddView(instrument => PerRequestMetrics.IsRedundant(instrument) ? MetricStreamConfiguration.Drop : null));

        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        // Spans are recorded only where a collector is configured to receive them, and then for a few new traces per
        // second (Tracing:TracesPerSecond, 0 for none): recording one for every request at every hop costs more CPU
        // than serving it. The correlation id still ties every request's log lines together.
        if (ExportsTraces(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RateLimitingSampler(TracesPerSecond(builder.Configuration))))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddSource(MlOpsDiagnostics.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health")
                        && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());
        }

        telemetry.UseOtlpExporter();
    }
}