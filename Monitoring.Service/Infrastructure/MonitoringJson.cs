using System.Text.Json;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>How this service writes and reads the JSON it stores and exchanges: the web defaults (camelCase).</summary>
public static class MonitoringJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}