using System.Text.Json;

using MlOps.ServiceDefaults.Database;
using MlOps.Telemetry.Service.EventStreams;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>Durable storage of stream events: batches go in by binary COPY inside one transaction.</summary>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    public async Task<AppendResult> AppendAsync(
        string tenant, string stream, EventBatch batch, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        var receivedAt = StoredTime.Now();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Claiming the key first makes a concurrent replay wait for this transaction, then see its result.
        if (key is not null && !await ClaimKeyAsync(connection, transaction, tenant, stream, key, batch.Count, receivedAt, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ReplayAsync(connection, tenant, stream, key, cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY stream_events (tenant, stream, received_at, payload) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(tenant, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(stream, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(batch[i], NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AppendResult(batch.Count, receivedAt, Replayed: false, KeyConflict: false);
    }

    public async Task<IReadOnlyList<StreamEvent>> ReadAsync(
        string tenant, string stream, EventQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, received_at, payload::text FROM stream_events
            WHERE tenant = $1 AND stream = $2 AND id > $3
              AND ($4::timestamptz IS NULL OR received_at >= $4)
              AND ($5::timestamptz IS NULL OR received_at < $5)
            ORDER BY id
            LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = query.After });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)query.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)query.To ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit });

        var events = new List<StreamEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(2));
            events.Add(new StreamEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), payload.RootElement.Clone()));
        }

        return events;
    }

    private static async Task<bool> ClaimKeyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string stream, IdempotencyKey key,
        int accepted, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO stream_idempotency_keys (tenant, stream, key, request_sha256, accepted, received_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = key.RequestSha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = accepted });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<AppendResult> ReplayAsync(
        NpgsqlConnection connection, string tenant, string stream, IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT request_sha256, accepted, received_at FROM stream_idempotency_keys
            WHERE tenant = $1 AND stream = $2 AND key = $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var sameBody = reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(key.RequestSha256);
        return new AppendResult(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), Replayed: true, KeyConflict: !sameBody);
    }
}

/// <summary>What an append did: how many events, when, and whether it was an idempotent replay.</summary>
public sealed record AppendResult(int Accepted, DateTimeOffset ReceivedAt, bool Replayed, bool KeyConflict);

/// <summary>Which events to read: received in [From, To) where given, with an id above After, at most Limit of them.</summary>
public sealed record EventQuery(DateTimeOffset? From, DateTimeOffset? To, long After, int Limit);

public sealed record StreamEvent(long Id, DateTimeOffset ReceivedAt, JsonElement Data);