using System.Security.Cryptography;

namespace MlOps.Registry.Service.Uploads;

/// <summary>
/// An uploaded package spooled to a temporary file (deleted on dispose) while its SHA-256 is computed, so a large
/// upload is never held in memory and is hashed exactly as it will be stored.
/// </summary>
public sealed class ReceivedPackage : IAsyncDisposable
{
    private const int BufferSize = 81920;

    private ReceivedPackage(FileStream file, string sha256)
    {
        File = file;
        Sha256 = sha256;
    }

    /// <summary>The package, positioned at its start.</summary>
    public FileStream File { get; }

    /// <summary>Lowercase hex.</summary>
    public string Sha256 { get; }

    public long Size => File.Length;

    /// <summary>Reads <paramref name="body"/> to its end; null when it holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReceivedPackage?> ReceiveAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"mlops-package-{Guid.NewGuid():N}.zip"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    await file.DisposeAsync();
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new ReceivedPackage(file, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}