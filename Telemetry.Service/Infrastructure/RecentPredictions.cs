using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// A model's latest predictions, newest first. Blocks are read newest last-served first, and reading stops once the
/// next block holds nothing newer than the rows already found; then the rows' ground truth is looked up.
/// </summary>
public sealed class RecentPredictions(NpgsqlDataSource dataSource)
{
    private const int BlocksPerRead = 8;

    /// <summary>Up to <paramref name="limit"/> rows served before <paramref name="before"/> (up to now when null).</summary>
    public async Task<IReadOnlyList<RecentPrediction>> ListAsync(
        string tenant, string model, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<(PredictionBlock Block, int Row)>();
        DateTime? lastServed = null;
        long? lastBlock = null;
        var end = before?.UtcDateTime;
        while (true)
        {
            var read = 0;
            await using (var command = dataSource.CreateCommand("""
                SELECT block_id, last_served, data FROM prediction_blocks
                WHERE tenant = $1 AND model = $2 AND ($3::timestamptz IS NULL OR first_served < $3)
                  AND ($4::timestamptz IS NULL OR (last_served, block_id) < ($4, $5))
                ORDER BY last_served DESC, block_id DESC
                LIMIT $6
                """))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = tenant });
                command.Parameters.Add(new NpgsqlParameter { Value = model });
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)end ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)lastServed ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)lastBlock ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter { Value = BlocksPerRead });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    lastBlock = reader.GetInt64(0);
                    lastServed = reader.GetFieldValue<DateTime>(1);
                    var block = PredictionBlock.Read(reader.GetFieldValue<byte[]>(2));
                    rows.AddRange(Enumerable.Range(0, block.Count)
                        .Where(row => end is null || block.ServedAt[row] < end)
                        .Select(row => (block, row)));
                }
            }

            rows = [.. rows.OrderByDescending(pair => pair.Block.ServedAt[pair.Row])
                .ThenByDescending(pair => pair.Block.PredictionIds[pair.Row], SortedIds.Order)
                .Take(limit)];
            // Blocks further on were last served no later than the last one read: none can hold a newer row.
            if (read < BlocksPerRead || (rows.Count == limit && rows[^1].Block.ServedAt[rows[^1].Row] > lastServed))
            {
                break;
            }
        }

        var actuals = await ActualsAsync(tenant, [.. rows.Select(pair => pair.Block.PredictionIds[pair.Row])], cancellationToken);
        return [.. rows.Select(pair => ToRecent(pair.Block, pair.Row, actuals.GetValueOrDefault(pair.Block.PredictionIds[pair.Row])))];
    }

    private async Task<Dictionary<Guid, string>> ActualsAsync(string tenant, Guid[] ids, CancellationToken cancellationToken)
    {
        var actuals = new Dictionary<Guid, string>();
        await using var command = dataSource.CreateCommand(
            "SELECT prediction_id, actual FROM prediction_labels WHERE tenant = $1 AND prediction_id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actuals[reader.GetGuid(0)] = reader.GetString(1);
        }

        return actuals;
    }

    private static RecentPrediction ToRecent(PredictionBlock block, int row, string? actual) => new(
        block.PredictionIds[row],
        block.Versions[row],
        block.Routes[row],
        block.InputsOf(row),
        block.Labels[row],
        block.Values[row],
        block.Confidences[row],
        block.LatencyMs[row],
        block.Errors[row],
        new DateTimeOffset(block.ServedAt[row], TimeSpan.Zero),
        actual);
}