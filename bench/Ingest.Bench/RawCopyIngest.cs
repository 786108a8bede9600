using MlOps.AppHost.Resources;
using MlOps.ServiceDefaults.Database;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Ingest.Bench;

/// <summary>
/// The baseline: the same rows written straight into Telemetry's <c>stream_events</c> table, created by the
/// service's own migration in a database of its own, one binary COPY and one transaction per batch, as the service does.
/// </summary>
public sealed class RawCopyIngest(NpgsqlDataSource dataSource)
{
    public static async Task<RawCopyIngest> CreateAsync(PostgresServer server)
    {
        await server.CreateDatabaseAsync("bench_raw_copy");
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString("bench_raw_copy"));
        // The service's own migration, so the baseline table can never drift from the real one.
        foreach (var script in MigrationScript.FromAssembly(typeof(MlOps.Telemetry.Service.Program).Assembly, "telemetrydb"))
        {
            await using var command = dataSource.CreateCommand(script.Sql);
            await command.ExecuteNonQueryAsync();
        }

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