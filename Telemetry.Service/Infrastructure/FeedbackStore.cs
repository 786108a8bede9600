using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Stores ground truth in <c>prediction_keys</c>, whether or not its prediction is logged yet; a later label for the
/// same prediction replaces the earlier. A label whose prediction is logged is copied onto the prediction's row and
/// announced with <c>FeedbackRecorded</c> through the outbox, in the same transaction; a pending one is joined by
/// <see cref="PredictionStore"/> when the prediction comes.
/// </summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<FeedbackOutcome>> RecordAsync(
        string tenant, IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken)
    {
        var labelledAt = StoredTime.Now();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Keys are claimed in id order, as the prediction log claims them, so two writers never wait on each other
        // in a cycle. Writing the key row, whichever side comes second sees what the first committed.
        var joined = new List<JoinedLabel>();
        var outcomes = new Dictionary<Guid, FeedbackOutcome>();
        await using (var command = new NpgsqlCommand("""
            INSERT INTO prediction_keys AS k (tenant, prediction_id, actual, actual_value, labelled_at)
            SELECT $1, f.prediction_id, f.actual, f.actual_value, $5
            FROM unnest($2::uuid[], $3::text[], $4::double precision[]) AS f (prediction_id, actual, actual_value)
            ORDER BY f.prediction_id
            ON CONFLICT (tenant, prediction_id) DO UPDATE
                SET actual = excluded.actual, actual_value = excluded.actual_value, labelled_at = excluded.labelled_at,
                    replaced_actual = k.actual
            RETURNING k.prediction_id, k.replaced_actual IS NOT NULL, k.served_at, k.model, k.version, k.label, k.value,
                      k.actual, k.actual_value
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = items.Select(item => item.PredictionId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = items.Select(item => item.Actual).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = items.Select(item => item.ActualValue).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = labelledAt });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var predictionId = reader.GetGuid(0);
                var replaced = reader.GetBoolean(1);
                if (reader.IsDBNull(2))
                {
                    outcomes[predictionId] = new FeedbackOutcome(predictionId, FeedbackOutcome.Pending, replaced);
                    continue;
                }

                outcomes[predictionId] = new FeedbackOutcome(predictionId, FeedbackOutcome.Joined, replaced);
                joined.Add(new JoinedLabel(
                    tenant,
                    predictionId,
                    reader.GetString(3),
                    reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    labelledAt));
            }
        }

        if (joined.Count > 0)
        {
            await CopyToPredictionsAsync(connection, transaction, joined, cancellationToken);
            foreach (var label in joined)
            {
                await Outbox.EnqueueAsync(connection, transaction, label.ToEvent(), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return items.Select(item => outcomes[item.PredictionId]).ToList();
    }

    // One statement per row, each naming its served time, so each touches only its own day's partition.
    private static async Task CopyToPredictionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<JoinedLabel> joined,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var label in joined)
        {
            var update = new NpgsqlBatchCommand("""
                UPDATE predictions SET actual = $4, actual_value = $5, labelled_at = $6
                WHERE tenant = $1 AND prediction_id = $2 AND served_at = $3
                """);
            update.Parameters.Add(new NpgsqlParameter { Value = label.Tenant });
            update.Parameters.Add(new NpgsqlParameter { Value = label.PredictionId });
            update.Parameters.Add(new NpgsqlParameter { Value = label.ServedAt });
            update.Parameters.Add(new NpgsqlParameter { Value = label.Actual });
            update.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Double,
                Value = (object?)label.ActualValue ?? DBNull.Value,
            });
            update.Parameters.Add(new NpgsqlParameter { Value = label.LabelledAt });
            batch.BatchCommands.Add(update);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}