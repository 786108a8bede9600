using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlOps.ServiceDefaults.Telemetry;

internal static class LoggingExtensions
{
    public static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // One line per entry with its scopes, so the correlation id shows on every request's lines.
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.UseUtcTimestamp = true;
        });

        // Per-command and per-attempt details belong in traces, not on the console of every request.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
    }
}