using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>The telemetry service's statistics: the prediction log is where failed predictions are recorded.</summary>
public sealed class TelemetryClient(HttpClient http, ILogger<TelemetryClient> logger)
{
    /// <summary>
    /// The share of the model's logged predictions in [from, to) that carry an error; null when none were logged or
    /// the telemetry service cannot tell now (then an error-rate rule is neither broken nor cleared).
    /// </summary>
    public async Task<double?> ErrorRateAsync(string tenant, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadErrorRateAsync(tenant, model, from, to, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "The error rate of {Model} could not be read from the telemetry service", model);
            return null;
        }
    }

    private async Task<double?> ReadErrorRateAsync(string tenant, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"/api/telemetry/statistics?model={Uri.EscapeDataString(model)}&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}&interval=day");
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Add(MlOpsHeaders.Tenant, tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var served = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("total").GetProperty("served");
        return served.GetProperty("requests").GetInt64() == 0 ? null : served.GetProperty("errorRate").GetDouble();
    }
}