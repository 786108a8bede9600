using System.Buffers;

using Microsoft.AspNetCore.Http.Features;

namespace MlOps.Telemetry.Service.EventStreams;

/// <summary>A request body read whole into a pooled buffer, refused past a size limit.</summary>
public sealed class RequestBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private RequestBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Reads the body; null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var body = new RequestBody((int)(request.ContentLength ?? 0));
        try
        {
            int read;
            do
            {
                if (body._length == body._buffer.Length)
                {
                    body.Grow();
                }

                read = await request.Body.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken);
                body._length += read;
                if (body._length > maxBytes)
                {
                    body.Dispose();
                    return null;
                }
            }
            while (read > 0);
            return body;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            return null;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}