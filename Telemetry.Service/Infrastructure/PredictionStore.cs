using System.Text.Json;

using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Writes predictions to the log: a batch goes by binary COPY into a temporary table, then each prediction id not
/// stored before is claimed in <c>prediction_keys</c> and its row inserted, taking any ground truth that arrived
/// first. Labels joined that way are announced with <c>FeedbackRecorded</c> through the outbox.
/// </summary>
public sealed class PredictionStore(NpgsqlDataSource dataSource, PredictionPartitions partitions)
{
    private static readonly JsonSerializerOptions RowJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Stores <paramref name="rows"/>, whose prediction ids are distinct, in a transaction of its own.</summary>
    public async Task<AppendedPredictions> AppendAsync(IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        await partitions.EnsureAsync(rows.Select(row => row.ServedAt), cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var appended = await WriteAsync(connection, transaction, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>
    /// Stores <paramref name="rows"/> inside the caller's transaction. Missing day partitions are created first on a
    /// connection of their own.
    /// </summary>
    public async Task<AppendedPredictions> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PredictionRecord> rows,
        CancellationToken cancellationToken)
    {
        await partitions.EnsureAsync(rows.Select(row => row.ServedAt), cancellationToken);
        return await WriteAsync(connection, transaction, rows, cancellationToken);
    }

    // The rows' prediction ids are distinct: a key cannot be claimed twice in one statement.
    private static async Task<AppendedPredictions> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PredictionRecord> rows,
        CancellationToken cancellationToken)
    {
        await using (var temporary = new NpgsqlCommand(
            "CREATE TEMPORARY TABLE incoming_predictions (LIKE predictions INCLUDING DEFAULTS) ON COMMIT DROP",
            connection, transaction))
        {
            await temporary.ExecuteNonQueryAsync(cancellationToken);
        }

        var loggedAt = StoredTime.Now();
        await CopyAsync(connection, rows, loggedAt, cancellationToken);

        // Keys are claimed in id order, as feedback claims them, so two writers never wait on each other in a cycle.
        // A key that only ground truth created is claimed too (its served_at is null) and hands over its label.
        int stored;
        List<JoinedLabel> joined;
        await using (var command = new NpgsqlCommand("""
            WITH claimed AS (
                INSERT INTO prediction_keys AS k (tenant, prediction_id, served_at, model, version, label, value)
                SELECT tenant, prediction_id, served_at, model, version, label, value
                FROM incoming_predictions
                ORDER BY tenant, prediction_id
                ON CONFLICT (tenant, prediction_id) DO UPDATE
                    SET served_at = excluded.served_at, model = excluded.model, version = excluded.version,
                        label = excluded.label, value = excluded.value
                    WHERE k.served_at IS NULL
                RETURNING k.tenant, k.prediction_id, k.actual, k.actual_value, k.labelled_at),
            stored AS (
                INSERT INTO predictions (tenant, prediction_id, model, version, route, inputs, label, value, probabilities,
                                         confidence, latency_ms, error, served_at, logged_at, actual, actual_value, labelled_at)
                SELECT i.tenant, i.prediction_id, i.model, i.version, i.route, i.inputs, i.label, i.value, i.probabilities,
                       i.confidence, i.latency_ms, i.error, i.served_at, i.logged_at, c.actual, c.actual_value, c.labelled_at
                FROM incoming_predictions i
                JOIN claimed c ON c.tenant = i.tenant AND c.prediction_id = i.prediction_id
                RETURNING tenant, prediction_id, model, version, label, value, served_at, actual, actual_value, labelled_at)
            SELECT count(*), coalesce(jsonb_agg(stored) FILTER (WHERE actual IS NOT NULL), '[]')::text
            FROM stored
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            stored = (int)reader.GetInt64(0);
            joined = JsonSerializer.Deserialize<List<JoinedLabel>>(reader.GetString(1), RowJson)!;
        }

        foreach (var label in joined)
        {
            await Outbox.EnqueueAsync(connection, transaction, label.ToEvent(), cancellationToken);
        }

        return new AppendedPredictions(rows.Count - stored, joined.Count);
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<PredictionRecord> rows, DateTimeOffset loggedAt, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY incoming_predictions (tenant, prediction_id, model, version, route, inputs, label, value, probabilities,
                                       confidence, latency_ms, error, served_at, logged_at)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Tenant, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.PredictionId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(row.Model, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Version, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Route, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Inputs, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, row.Label, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, row.Value, cancellationToken);
            await WriteNullableAsync(
                importer, row.Probabilities is null ? null : JsonSerializer.Serialize(row.Probabilities), NpgsqlDbType.Jsonb,
                cancellationToken);
            await WriteNullableAsync(importer, row.Confidence, cancellationToken);
            await importer.WriteAsync(row.LatencyMs, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(importer, row.Error, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.ServedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(loggedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken) =>
        value is { } number ? importer.WriteAsync(number, NpgsqlDbType.Double, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}

/// <summary>What storing a batch did: how many of its predictions the log held already, and how many waiting labels it joined.</summary>
public sealed record AppendedPredictions(int Duplicates, int LabelsJoined);