using System.Data;
using System.Security.Cryptography;

using MlOps.Registry.Service.Uploads;
using MlOps.ServiceDefaults.Database;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>
/// Package bytes in PostgreSQL: 1 MiB bytea chunks written by binary COPY, once per tenant and SHA-256, and read
/// back only after their SHA-256 was recomputed, so a damaged artifact is reported and never served.
/// </summary>
public sealed class ArtifactStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the package inside the caller's transaction unless the tenant already has these bytes.</summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, ReceivedPackage package,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO artifacts (tenant, sha256, size, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = tenant });
            claim.Parameters.Add(new NpgsqlParameter { Value = package.Sha256 });
            claim.Parameters.Add(new NpgsqlParameter { Value = package.Size });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        package.File.Position = 0;
        await ContentChunks.CopyAsync(connection, "artifact_chunks", tenant, package.Sha256, package.File, cancellationToken);
    }

    /// <summary>
    /// Copies the artifact into a temporary file (deleted when the stream is closed) while recomputing its SHA-256;
    /// null when the stored bytes no longer hash to <paramref name="sha256"/> or are not the recorded size.
    /// </summary>
    public async Task<Stream?> ReadVerifiedAsync(string tenant, string sha256, long size, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"mlops-artifact-{Guid.NewGuid():N}.zip"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var command = dataSource.CreateCommand(
                "SELECT data FROM artifact_chunks WHERE tenant = $1 AND sha256 = $2 ORDER BY seq");
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            var buffer = new byte[81920];
            while (await reader.ReadAsync(cancellationToken))
            {
                await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
                int read;
                while ((read = await chunk.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (file.Length != size || Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256)
            {
                await file.DisposeAsync();
                return null;
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}