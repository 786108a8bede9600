using System.Text.Json;

namespace MlOps.Console.Api.Registry;

/// <summary>The numeric members of a metrics object, by name in ordinal order.</summary>
public static class MetricValues
{
    public static readonly IReadOnlyDictionary<string, double> None = new SortedDictionary<string, double>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, double> Read(JsonElement metrics)
    {
        if (metrics.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in metrics.EnumerateObject())
        {
            if (metric.Value.ValueKind == JsonValueKind.Number)
            {
                values[metric.Name] = metric.Value.GetDouble();
            }
        }

        return values;
    }
}