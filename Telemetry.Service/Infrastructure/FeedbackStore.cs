using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Stores ground truth in <c>prediction_labels</c>, whether or not its prediction is logged yet; a later label for the
/// same prediction replaces the earlier. A prediction is found from its id through the blocks' id ranges and sorted
/// ids. A label whose prediction is logged gets the prediction's fields, is counted into the per-minute roll-ups
/// (an earlier label's share taken back) and is announced with <c>FeedbackRecorded</c> through the outbox, in the
/// same transaction; a pending one is joined by <see cref="PredictionBlockStore"/> when the prediction comes.
/// </summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<FeedbackOutcome>> RecordAsync(
        string tenant, IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken)
    {
        var labelledAt = StoredTime.Now();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TenantLogLock.TakeAsync(connection, transaction, tenant, cancellationToken);

        var ids = items.Select(item => item.PredictionId).ToArray();
        var earlier = await EarlierLabelsAsync(connection, transaction, tenant, ids, cancellationToken);
        var logged = await PredictionFinder.FindAsync(
            connection, transaction, tenant, [.. ids.Where(id => earlier.GetValueOrDefault(id)?.BlockId is null)], cancellationToken);

        var minutes = new Dictionary<MinuteKey, MinuteCounts>();
        var rows = new List<LabelRow>();
        var outcomes = new List<FeedbackOutcome>();
        var announced = new List<FeedbackRecorded>();
        foreach (var item in items)
        {
            var previous = earlier.GetValueOrDefault(item.PredictionId);
            JoinedLabel? joined = null;
            long? blockId = null;
            if (previous?.Joined is { } before)
            {
                MinuteRollups.CountLabel(before, -1, minutes);
                joined = before with { Actual = item.Actual, ActualValue = item.ActualValue, LabelledAt = labelledAt };
                blockId = previous.BlockId;
            }
            else if (logged.TryGetValue(item.PredictionId, out var found))
            {
                joined = found.Prediction with { Actual = item.Actual, ActualValue = item.ActualValue, LabelledAt = labelledAt };
                blockId = found.BlockId;
            }

            if (joined is not null)
            {
                MinuteRollups.CountLabel(joined, +1, minutes);
                announced.Add(joined.ToEvent());
            }

            rows.Add(new LabelRow(item.PredictionId, item.Actual, item.ActualValue, labelledAt, joined, blockId));
            outcomes.Add(new FeedbackOutcome(item.PredictionId, joined is null ? FeedbackOutcome.Pending : FeedbackOutcome.Joined, previous is not null));
        }

        await PredictionLabels.UpsertAsync(connection, transaction, tenant, rows, cancellationToken);
        await Outbox.EnqueueAllAsync(connection, transaction, announced, cancellationToken);
        await MinuteRollups.AddAsync(connection, transaction, minutes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<Dictionary<Guid, LabelRow>> EarlierLabelsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid[] ids, CancellationToken cancellationToken)
    {
        var earlier = new Dictionary<Guid, LabelRow>();
        await using var command = new NpgsqlCommand("""
            SELECT prediction_id, actual, actual_value, labelled_at, block_id, model, version, route, label, value, served_at
            FROM prediction_labels
            WHERE tenant = $1 AND prediction_id = ANY($2)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var actual = reader.GetString(1);
            double? actualValue = reader.IsDBNull(2) ? null : reader.GetDouble(2);
            var labelledAt = reader.GetFieldValue<DateTimeOffset>(3);
            JoinedLabel? joined = null;
            long? blockId = null;
            if (!reader.IsDBNull(4))
            {
                blockId = reader.GetInt64(4);
                joined = new JoinedLabel(tenant, id, reader.GetString(5), reader.GetInt32(6), reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetDouble(9),
                    reader.GetFieldValue<DateTimeOffset>(10), actual, actualValue, labelledAt);
            }

            earlier[id] = new LabelRow(id, actual, actualValue, labelledAt, joined, blockId);
        }

        return earlier;
    }
}