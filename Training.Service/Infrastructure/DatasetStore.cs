using System.Data;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Database;
using MlOps.Training.Service.Datasets;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>
/// Dataset versions and their bytes. A version's content goes in by binary COPY in the same transaction as
/// its row, so an answered upload is durable whole; versions are numbered by the database's unique keys.
/// </summary>
public sealed class DatasetStore(NpgsqlDataSource dataSource)
{
    private const int MaxAttempts = 50;

    private const string SelectVersion = """
        SELECT v.name, v.version, v.sha256, v.row_count, c.bytes, v.created_at, v.schema::text, v.profile::text
        FROM dataset_versions v JOIN dataset_contents c ON c.tenant = v.tenant AND c.sha256 = v.sha256
        """;

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The version of <paramref name="name"/> holding exactly these bytes, if there is one.</summary>
    public async Task<DatasetVersion?> FindByContentAsync(string tenant, string name, byte[] sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{SelectVersion} WHERE v.tenant = $1 AND v.name = $2 AND v.sha256 = $3");
        AddParameters(command, tenant, name, sha256);
        return await ReadVersionAsync(command, cancellationToken);
    }

    /// <summary>Stores the upload as the next version of <paramref name="name"/>, or returns the version that already holds its bytes.</summary>
    public async Task<SaveResult> SaveAsync(
        string tenant, string name, UploadedDataset upload, DataProfile profile, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await StoreContentAsync(connection, transaction, tenant, upload, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            await transaction.SaveAsync("version", cancellationToken);
            await using (var find = new NpgsqlCommand(
                $"{SelectVersion} WHERE v.tenant = $1 AND v.name = $2 AND v.sha256 = $3", connection, transaction))
            {
                AddParameters(find, tenant, name, upload.Sha256);
                if (await ReadVersionAsync(find, cancellationToken) is { } existing)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return new SaveResult(existing, Created: false);
                }
            }

            try
            {
                var created = await InsertVersionAsync(connection, transaction, tenant, name, upload, profile, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new SaveResult(created, Created: true);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < MaxAttempts)
            {
                // A concurrent upload took this number or stored these bytes first: look again.
                await transaction.RollbackAsync("version", cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT ON (name) name, version, sha256, created_at FROM dataset_versions
            WHERE tenant = $1
            ORDER BY name, version DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        var datasets = new List<DatasetSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            datasets.Add(new DatasetSummary(
                reader.GetString(0), reader.GetInt32(1), Hex(reader, 2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return datasets;
    }

    /// <summary>A dataset's versions, oldest first; empty when the tenant has no dataset of that name.</summary>
    public async Task<IReadOnlyList<DatasetVersionEntry>> ListVersionsAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT v.version, v.sha256, v.row_count, c.bytes, v.created_at
            FROM dataset_versions v JOIN dataset_contents c ON c.tenant = v.tenant AND c.sha256 = v.sha256
            WHERE v.tenant = $1 AND v.name = $2
            ORDER BY v.version
            """);
        AddParameters(command, tenant, name);
        var versions = new List<DatasetVersionEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new DatasetVersionEntry(
                reader.GetInt32(0), Hex(reader, 1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return versions;
    }

    /// <summary>One version with its schema and profile, or null when the tenant has no such version.</summary>
    public async Task<DatasetVersion?> GetVersionAsync(string tenant, string name, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{SelectVersion} WHERE v.tenant = $1 AND v.name = $2 AND v.version = $3");
        AddParameters(command, tenant, name, version);
        return await ReadVersionAsync(command, cancellationToken);
    }

    /// <summary>
    /// The exact bytes uploaded as this version, streamed from the database chunk by chunk; null when the tenant
    /// has no such version. The caller disposes the stream.
    /// </summary>
    public async Task<Stream?> OpenContentAsync(string tenant, string name, int version, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var command = new NpgsqlCommand("""
                SELECT ch.data FROM dataset_versions v
                JOIN dataset_content_chunks ch ON ch.tenant = v.tenant AND ch.sha256 = v.sha256
                WHERE v.tenant = $1 AND v.name = $2 AND v.version = $3
                ORDER BY ch.seq
                """, connection);
            AddParameters(command, tenant, name, version);
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reader.DisposeAsync();
                await command.DisposeAsync();
                await connection.DisposeAsync();
                return null;
            }

            return new DatasetContentStream(connection, command, reader);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task StoreContentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, UploadedDataset upload, CancellationToken cancellationToken)
    {
        // A concurrent upload of the same bytes makes this wait for it, then find them stored.
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO dataset_contents (tenant, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction))
        {
            AddParameters(claim, tenant, upload.Sha256, upload.Bytes);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        await ContentChunks.CopyAsync(connection, "dataset_content_chunks", tenant, upload.Sha256, upload.OpenContent(), cancellationToken);
    }

    private static async Task<DatasetVersion> InsertVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string name, UploadedDataset upload,
        DataProfile profile, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO dataset_versions (tenant, name, version, sha256, row_count, label, schema, profile)
            SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6, $7
            FROM dataset_versions WHERE tenant = $1 AND name = $2
            RETURNING version, created_at
            """, connection, transaction);
        AddParameters(command, tenant, name, upload.Sha256, upload.Rows, upload.Label);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(upload.Schema, Json) });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(profile, Json) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DatasetVersion(
            name, reader.GetInt32(0), Convert.ToHexStringLower(upload.Sha256), upload.Rows, upload.Bytes,
            reader.GetFieldValue<DateTimeOffset>(1), upload.Schema, profile);
    }

    private static async Task<DatasetVersion?> ReadVersionAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DatasetVersion(
            reader.GetString(0),
            reader.GetInt32(1),
            Hex(reader, 2),
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            JsonSerializer.Deserialize<DatasetSchema>(reader.GetString(6), Json)!,
            JsonSerializer.Deserialize<DataProfile>(reader.GetString(7), Json)!);
    }

    private static string Hex(NpgsqlDataReader reader, int ordinal) => Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(ordinal));

    private static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}

/// <summary>What an upload became: a new version, or the existing version that already holds its bytes.</summary>
public sealed record SaveResult(DatasetVersion Version, bool Created);