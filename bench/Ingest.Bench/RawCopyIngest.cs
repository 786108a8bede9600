using MlOps.AppHost.Resources;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Ingest.Bench;

/// <summary>
/// The baseline: the same rows written straight into a table of the same shape and indexes as
/// Telemetry's <c>stream_events</c>, one binary COPY and one transaction per batch, as the service does.
/// </summary>
public sealed class RawCopyIngest(NpgsqlDataSource dataSource)
{
    public static async Task<RawCopyIngest> CreateAsync(PostgresServer server)
    {
        await server.CreateDatabaseAsync("bench_raw_copy");
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString("bench_raw_copy"));
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE stream_events (
                id          bigint      GENERATED ALWAYS AS IDENTITY,
                tenant      text        NOT NULL,
                stream      text        NOT NULL,
                received_at timestamptz NOT NULL,
                payload     jsonb       NOT NULL,
                PRIMARY KEY (tenant, stream, id));
            CREATE INDEX stream_events_by_time ON stream_events USING brin (received_at);
            """);
        await command.ExecuteNonQueryAsync();
        return new RawCopyIngest(dataSource);
    }

    public async Task CopyAsync(string[] rows)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY stream_events (tenant, stream, received_at, payload) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync("default", NpgsqlDbType.Text);
                await importer.WriteAsync("drowsiness", NpgsqlDbType.Text);
                await importer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(row, NpgsqlDbType.Jsonb);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }
}