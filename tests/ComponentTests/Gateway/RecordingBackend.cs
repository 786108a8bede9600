using System.Collections.Concurrent;
using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.ComponentTests.Gateway;

/// <summary>
/// A real Kestrel app on a loopback port standing in for a service: it answers every path with 200 and records
/// what it received; given an OpenAPI document, it serves it at <c>/openapi/v1.json</c> as the services do.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingBackend(string name, string? openApiDocument)
    {
        Name = name;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        if (openApiDocument is not null)
        {
            _app.MapGet("/openapi/v1.json", () => Results.Content(openApiDocument, "application/json"));
        }

        _app.Map("/{**path}", RecordAsync);
    }

    public string Name { get; }

    public Uri Address => new(_app.Urls.Single());

    /// <summary>What arrived, openapi fetches excluded.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<RecordingBackend> StartAsync(string name, string? openApiDocument = null)
    {
        var backend = new RecordingBackend(name, openApiDocument);
        await backend._app.StartAsync();
        return backend;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task RecordAsync(HttpContext context)
    {
        var bodyLength = 0L;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            bodyLength += read;
        }

        var headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}", headers, bodyLength));
        await context.Response.WriteAsJsonAsync(new { backend = Name });
    }
}