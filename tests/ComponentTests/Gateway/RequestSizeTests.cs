using System.Net;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class RequestSizeTests
{
    private const int Limit = 1024;
    private const int UploadLimit = 4 * Limit;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Gateway:MaxRequestBodyBytes"] = $"{Limit}",
        ["Gateway:MaxUploadBodyBytes"] = $"{UploadLimit}",
    };

    [Fact]
    public async Task A_declared_Content_Length_over_the_limit_is_413_and_nothing_is_forwarded()
    {
        await using var backend = await RecordingBackend.StartAsync("training-service");
        await using var gateway = GatewayHost.Start([backend], Settings);

        using var response = await gateway.SendAsync(
            HttpMethod.Post, "/api/training/runs", GatewayHost.AdminKey, new ByteArrayContent(new byte[Limit + 1]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        await using var backend = await RecordingBackend.StartAsync("training-service");
        await using var gateway = GatewayHost.Start([backend], Settings);

        using var response = await gateway.SendAsync(
            HttpMethod.Post, "/api/training/runs", GatewayHost.AdminKey, Chunked(4 * Limit));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(backend.Requests, request => request.BodyLength > Limit);
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_is_forwarded_whole()
    {
        await using var backend = await RecordingBackend.StartAsync("training-service");
        await using var gateway = GatewayHost.Start([backend], Settings);

        using var response = await gateway.SendAsync(
            HttpMethod.Post, "/api/training/runs", GatewayHost.AdminKey, Chunked(Limit / 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Limit / 2, Assert.Single(backend.Requests).BodyLength);
    }

    [Theory]
    [InlineData("/api/training/datasets/pima")]
    [InlineData("/api/registry/models/pima/versions")]
    public async Task Uploads_may_be_larger_up_to_their_own_limit(string path)
    {
        await using var backend = await RecordingBackend.StartAsync(path.Split('/')[2] + "-service");
        await using var gateway = GatewayHost.Start([backend], Settings);

        using var allowed = await gateway.SendAsync(HttpMethod.Post, path, GatewayHost.AdminKey, new ByteArrayContent(new byte[2 * Limit]));
        using var refused = await gateway.SendAsync(HttpMethod.Post, path, GatewayHost.AdminKey, new ByteArrayContent(new byte[UploadLimit + 1]));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(2 * Limit, Assert.Single(backend.Requests).BodyLength);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked with no Content-Length.</summary>
    private static StreamContent Chunked(int length)
    {
        var content = new StreamContent(new UnseekableStream(new MemoryStream(new byte[length])));
        Assert.Null(content.Headers.ContentLength);
        return content;
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}