using System.Globalization;

using MlOps.ServiceDefaults.Http;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>Reads a model's labelled production rows from the telemetry service, as CSV with the label column named as asked.</summary>
public sealed class TelemetryClient(HttpClient http)
{
    public async Task<Stream> OpenLabelledAsync(
        string tenant, string model, DateTimeOffset? since, string labelColumn, CancellationToken cancellationToken)
    {
        var query = $"model={Uri.EscapeDataString(model)}&label={Uri.EscapeDataString(labelColumn)}"
            + (since is { } from ? "&since=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)) : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/telemetry/labelled?" + query);
        request.Headers.Add(MlOpsHeaders.Tenant, tenant);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new InvalidOperationException($"The telemetry service refused the labelled rows of '{model}' ({(int)response.StatusCode}): {problem}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }
}