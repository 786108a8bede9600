using Npgsql;

using NpgsqlTypes;

namespace MlOps.ServiceDefaults.Database;

/// <summary>
/// Large content (a dataset, a model package) kept in PostgreSQL as rows of ~1 MiB bytea chunks,
/// <c>(tenant, sha256, seq, data)</c>, so it is as durable and transactional as the rows that refer to it.
/// </summary>
public static class ContentChunks
{
    public const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Writes <paramref name="content"/> from its current position into <paramref name="table"/> by binary COPY on the
    /// caller's connection, so it commits or rolls back with the caller's transaction. <paramref name="table"/> is
    /// the caller's own constant, never input.
    /// </summary>
    public static async Task CopyAsync<TKey>(
        NpgsqlConnection connection, string table, string tenant, TKey sha256, Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (tenant, sha256, seq, data) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var seq = 0; ; seq++)
        {
            var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (length == 0)
            {
                break;
            }

            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(tenant, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(sha256, cancellationToken);
            await importer.WriteAsync(seq, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(new ReadOnlyMemory<byte>(buffer, 0, length), NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }
}