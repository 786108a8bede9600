using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.Console.Account;

namespace MlOps.Console.Api;

/// <summary>
/// The public API, through the gateway, with the signed-in operator's own key: the console can never see or do
/// more than that key may.
/// </summary>
public sealed class GatewayClient(HttpClient http, IHttpContextAccessor contextAccessor)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, apiKey: null, cancellationToken);

    public Task<ApiResult<T>> GetAsync<T>(string path, string apiKey, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, apiKey, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, apiKey: null, cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Put, path, body, apiKey: null, cancellationToken);

    public Task<ApiResult<T>> DeleteAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Delete, path, body: null, apiKey: null, cancellationToken);

    /// <summary>A text answer as is, such as a CSV export.</summary>
    public async Task<ApiResult<string>> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path, body: null, apiKey: null);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? ApiResult<string>.Success(text)
                : ApiResult<string>.Failure(ApiProblem.Read((int)response.StatusCode, text));
        }
        catch (HttpRequestException exception)
        {
            return ApiResult<string>.Failure(ApiProblem.Unreachable(exception.Message));
        }
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path, body, apiKey);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<T>.Failure(ApiProblem.Read((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
            }

            if (response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(NoBody))
            {
                return ApiResult<T>.Success(default!);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return value is null
                ? ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, "Empty answer", $"{path} answered with no content.", new Dictionary<string, string[]>()))
                : ApiResult<T>.Success(value);
        }
        catch (HttpRequestException exception)
        {
            return ApiResult<T>.Failure(ApiProblem.Unreachable(exception.Message));
        }
        catch (JsonException exception)
        {
            return ApiResult<T>.Failure(new ApiProblem(502, "Unexpected answer", $"{path}: {exception.Message}", new Dictionary<string, string[]>()));
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, object? body, string? apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        var key = apiKey ?? (contextAccessor.HttpContext?.User is { } user ? OperatorClaims.ApiKeyOf(user) : null);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return request;
    }
}