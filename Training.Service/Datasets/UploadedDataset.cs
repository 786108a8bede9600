using System.Buffers;
using System.Security.Cryptography;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>
/// A CSV upload spooled to a temporary file in one streaming pass that hashes, parses and checks it; the file
/// is deleted when this is disposed. Invalid input throws <see cref="CsvFormatException"/> or
/// <see cref="DatasetRejectedException"/>, too much of it <see cref="UploadTooLargeException"/>.
/// </summary>
public sealed class UploadedDataset : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _file;
    private readonly DatasetProfiler _profiler;

    private UploadedDataset(FileStream file, DatasetProfiler profiler)
    {
        _file = file;
        _profiler = profiler;
    }

    public string Label { get; private set; } = "";

    public byte[] Sha256 { get; private set; } = [];

    public long Bytes { get; private set; }

    public long Rows => _profiler.Rows;

    public DatasetSchema Schema { get; private set; } = null!;

    public static async Task<UploadedDataset> ReceiveAsync(
        Stream body, string label, DatasetOptions options, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"mlops-dataset-{Guid.NewGuid():N}.csv");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var upload = new UploadedDataset(file, new DatasetProfiler(label)) { Label = label };
        try
        {
            await upload.SpoolAsync(body, options.MaxUploadBytes, cancellationToken);
            return upload;
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    /// <summary>The second pass: bins every numeric value and returns the full profile.</summary>
    public async Task<DataProfile> ProfileAsync(CancellationToken cancellationToken)
    {
        var bins = _profiler.CreateBinCounter();
        var reader = new CsvReader(bins);
        await ReadAllAsync(chunk => reader.Append(chunk.Span), cancellationToken);
        reader.Complete();
        return _profiler.Profile(bins);
    }

    /// <summary>Reads the uploaded bytes from the start, passing each chunk to <paramref name="consume"/>.</summary>
    public async Task ReadAllAsync(Action<ReadOnlyMemory<byte>> consume, CancellationToken cancellationToken)
    {
        _file.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await _file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                consume(buffer.AsMemory(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The uploaded bytes from the start; the stream belongs to this upload and must not be disposed.</summary>
    public Stream OpenContent()
    {
        _file.Position = 0;
        return _file;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private async Task SpoolAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new CsvReader(_profiler);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                Bytes += read;
                if (Bytes > maxBytes)
                {
                    throw new UploadTooLargeException(maxBytes);
                }

                hash.AppendData(buffer, 0, read);
                await _file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                reader.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (Bytes == 0)
        {
            throw new DatasetRejectedException("body", "The body is empty: send a CSV file whose first line names the columns.");
        }

        reader.Complete();
        await _file.FlushAsync(cancellationToken);
        Sha256 = hash.GetHashAndReset();
        Schema = _profiler.Infer();
    }
}