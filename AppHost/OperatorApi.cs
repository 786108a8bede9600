using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.AppHost;

/// <summary>
/// The public API as the dashboard's commands call it: through the gateway, with the dashboard's own admin key, so each
/// action is authorised and audited like any other caller's. A refusal comes back as the API's ProblemDetails.
/// </summary>
internal sealed class OperatorApi(Uri gatewayUrl, string apiKey)
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };

    public async Task<OperatorOutcome> PromoteChallengerAsync(string model, string reason, CancellationToken ct)
    {
        (OperatorOutcome read, JsonElement registered) = await SendAsync(HttpMethod.Get, $"/api/registry/models/{Escape(model)}", null, ct);
        if (!read.Succeeded)
        {
            return read;
        }

        if (!registered.TryGetProperty("aliases", out JsonElement aliases) || !aliases.TryGetProperty("challenger", out JsonElement challenger))
        {
            return new OperatorOutcome(false, $"{model} has no challenger to promote.");
        }

        (OperatorOutcome promoted, _) = await SendAsync(HttpMethod.Post, $"/api/registry/models/{Escape(model)}/promote",
            new { version = challenger.GetInt32(), reason }, ct);
        return promoted.Succeeded ? new OperatorOutcome(true, $"{model}: version {challenger.GetInt32()} is champion now.") : promoted;
    }

    public Task<OperatorOutcome> RollbackAsync(string model, string reason, CancellationToken ct) =>
        PostAsync($"/api/registry/models/{Escape(model)}/rollback", new { reason }, $"{model}: rolled back to the previous champion.", ct);

    public Task<OperatorOutcome> CheckDriftAsync(string model, CancellationToken ct) =>
        PostAsync($"/api/monitoring/models/{Escape(model)}/drift-checks", new { }, $"{model}: drift checked; the report is in Monitoring.", ct);

    public Task<OperatorOutcome> RetrainAsync(string model, string reason, CancellationToken ct) =>
        PostAsync($"/api/monitoring/models/{Escape(model)}/retrains", new { reason }, $"{model}: retraining asked for.", ct);

    private async Task<OperatorOutcome> PostAsync(string path, object body, string done, CancellationToken ct)
    {
        (OperatorOutcome outcome, _) = await SendAsync(HttpMethod.Post, path, body, ct);
        return outcome.Succeeded ? outcome with { Message = done } : outcome;
    }

    private async Task<(OperatorOutcome Outcome, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(gatewayUrl, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using HttpResponseMessage response = await s_http.SendAsync(request, ct);
        string text = await response.Content.ReadAsStringAsync(ct);
        JsonElement json = Parse(text);
        return response.IsSuccessStatusCode
            ? (new OperatorOutcome(true, string.Empty), json)
            : (new OperatorOutcome(false, $"{(int)response.StatusCode} {Problem(json) ?? response.ReasonPhrase}"), json);
    }

    // "title: detail" and each invalid field with its message, as the API's ProblemDetails names them.
    private static string? Problem(JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (string name in new[] { "title", "detail" })
        {
            if (problem.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                parts.Add(value.GetString()!);
            }
        }

        if (problem.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Object)
        {
            parts.AddRange(errors.EnumerateObject().Select(error => $"{error.Name}: {string.Join(" ", error.Value.EnumerateArray())}"));
        }

        return parts.Count == 0 ? null : string.Join(" — ", parts);
    }

    private static JsonElement Parse(string text)
    {
        try
        {
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Escape(string model) => Uri.EscapeDataString(model);
}