using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.ServiceDefaults.Telemetry;

/// <summary>Writes a health report as JSON: overall status plus each check's status and reason.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description ?? entry.Value.Exception?.Message }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}