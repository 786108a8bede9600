using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MlOps.Inference.Bench;

/// <summary>Checks that a path answers predict requests in full, through <see cref="HttpClient"/> as a client of the platform does.</summary>
internal sealed class HttpPredictor : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly string _path;

    public HttpPredictor(Uri baseAddress, string path, string? apiKey)
    {
        _path = path;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (apiKey is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>Posts one body and returns how many predictions came back, to check a path answers in full before it is measured.</summary>
    public async Task<int> CountPredictionsAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _client.PostAsync(_path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Predict answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("predictions").GetArrayLength();
    }

    public void Dispose() => _client.Dispose();
}