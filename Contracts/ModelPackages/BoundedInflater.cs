using System.IO.Compression;

namespace MlOps.Contracts.ModelPackages;

/// <summary>
/// Inflates zip entries while counting the bytes that actually come out, against the limits, so an entry that lies
/// about its size or inflates out of all proportion is stopped as soon as it crosses a limit, not after; and checks
/// each entry's CRC-32, so a damaged upload is refused rather than loaded.
/// </summary>
internal sealed class BoundedInflater(ModelPackageLimits limits, string archiveName)
{
    private const int ChunkBytes = 81_920;

    private long _inflated;

    /// <summary>Refuses, before inflating anything, an entry whose declared sizes already break a limit.</summary>
    public void CheckDeclared(ZipArchiveEntry entry, long maxEntryBytes)
    {
        if (entry.Length > maxEntryBytes)
        {
            throw TooLarge(entry, maxEntryBytes, $"declares {entry.Length} bytes");
        }

        if (entry.Length > limits.CompressionRatioGraceBytes && entry.Length > limits.MaxCompressionRatio * entry.CompressedLength)
        {
            throw RatioTooHigh(entry, entry.Length, "declares");
        }
    }

    /// <summary>Inflates the entry into memory.</summary>
    public async Task<MemoryStream> InflateAsync(ZipArchiveEntry entry, long maxEntryBytes, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await InflateAsync(entry, maxEntryBytes, buffer, ct);
        return buffer;
    }

    /// <summary>Inflates the entry into <paramref name="destination"/>, which may be <see cref="Stream.Null"/> to only count.</summary>
    public async Task InflateAsync(ZipArchiveEntry entry, long maxEntryBytes, Stream destination, CancellationToken ct)
    {
        CheckDeclared(entry, maxEntryBytes);
        var chunk = new byte[ChunkBytes];
        long entryBytes = 0;
        uint crc = 0;
        try
        {
            await using var inflating = await entry.OpenAsync(ct);
            int read;
            while ((read = await inflating.ReadAsync(chunk, ct)) > 0)
            {
                entryBytes += read;
                _inflated += read;
                if (entryBytes > maxEntryBytes)
                {
                    throw TooLarge(entry, maxEntryBytes, "inflates to more than that");
                }

                if (_inflated > limits.MaxTotalBytes)
                {
                    throw new InvalidModelPackageException(
                        $"{Capitalised(archiveName)} inflates to more than the limit of {limits.MaxTotalBytes} bytes in all (at '{entry.FullName}').");
                }

                if (entryBytes > limits.CompressionRatioGraceBytes && entryBytes > limits.MaxCompressionRatio * entry.CompressedLength)
                {
                    throw RatioTooHigh(entry, entryBytes, "inflates to");
                }

                crc = Crc32.Append(crc, chunk.AsSpan(0, read));
                await destination.WriteAsync(chunk.AsMemory(0, read), ct);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidModelPackageException($"Entry '{entry.FullName}' of {archiveName} is corrupt: {e.Message}", e);
        }

        if (crc != entry.Crc32)
        {
            throw new InvalidModelPackageException(
                $"Entry '{entry.FullName}' of {archiveName} is corrupt: its content has CRC-32 {crc:x8}, the archive records {entry.Crc32:x8}.");
        }
    }

    private InvalidModelPackageException TooLarge(ZipArchiveEntry entry, long maxEntryBytes, string what) =>
        new($"Entry '{entry.FullName}' of {archiveName} {what}; the limit is {maxEntryBytes} bytes uncompressed.");

    private InvalidModelPackageException RatioTooHigh(ZipArchiveEntry entry, long uncompressed, string what) =>
        new($"Entry '{entry.FullName}' of {archiveName} {what} {uncompressed} bytes from {entry.CompressedLength} compressed, "
            + $"a compression ratio above the limit of {limits.MaxCompressionRatio}:1 (a zip bomb?).");

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}