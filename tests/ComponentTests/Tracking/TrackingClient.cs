using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

/// <summary>The tracking API calls the tests repeat, each checking its success status.</summary>
internal sealed class TrackingClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonElement> CreateExperimentAsync(string name)
    {
        var response = await http.PostAsJsonAsync("/api/training/experiments", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> CreateRunAsync(string experiment, string? name = null)
    {
        var response = await http.PostAsJsonAsync("/api/training/runs", new { experiment, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> LogBatchAsync(string runId, object batch) =>
        http.PostAsJsonAsync($"/api/training/runs/{runId}/log-batch", batch);

    public async Task LogAsync(string runId, object batch)
    {
        var response = await LogBatchAsync(runId, batch);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public Task<JsonElement> GetRunAsync(string runId) => http.GetFromJsonAsync<JsonElement>($"/api/training/runs/{runId}");

    /// <returns>The ids of the runs found, in order, and the next page's token.</returns>
    public async Task<(List<string> Ids, string? NextPageToken)> SearchAsync(string query)
    {
        var response = await http.GetAsync($"/api/training/runs?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        var token = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        return (ids, token);
    }

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string expected)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, message => message.Contains(expected, StringComparison.Ordinal));
    }
}