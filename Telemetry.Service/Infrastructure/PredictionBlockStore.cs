using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Stores prediction blocks. A block is kept as it arrived when it holds one model version's rows of one hour, none
/// of them logged before; otherwise its rows are regrouped and written again. Storing a block also adds its rows to
/// the per-minute roll-ups and joins the ground truth that arrived before its predictions, announcing each joined
/// label with <c>FeedbackRecorded</c> through the outbox.
/// </summary>
public sealed class PredictionBlockStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores predictions a client posted, in a transaction of its own.</summary>
    public async Task<AppendedPredictions> AppendAsync(byte[] block, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var appended = await AppendAsync(connection, transaction, block, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>Stores a block inside the caller's transaction, which then holds its tenants' <see cref="TenantLogLock"/>.</summary>
    public async Task<AppendedPredictions> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] bytes, CancellationToken cancellationToken)
    {
        var block = PredictionBlock.Read(bytes, BlockParts.Ids);
        PredictionBlock? withInputs = null;
        var seen = new HashSet<Guid>();
        var groups = Enumerable.Range(0, block.Count)
            .Where(row => seen.Add(block.PredictionIds[row]))
            .GroupBy(row => new BlockKey(block.Tenants[row], block.Models[row], block.Versions[row], HourOf(block.ServedAt[row])))
            .OrderBy(group => group.Key.Tenant, StringComparer.Ordinal)
            .ToList();

        var duplicates = block.Count - seen.Count;
        var stored = 0;
        var joined = 0;
        var loggedAt = StoredTime.Now();
        var minutes = new Dictionary<MinuteKey, MinuteCounts>();
        string? locked = null;
        foreach (var group in groups)
        {
            var tenant = group.Key.Tenant;
            if (locked != tenant)
            {
                await TenantLogLock.TakeAsync(connection, transaction, tenant, cancellationToken);
                locked = tenant;
            }

            var rows = group.ToList();
            var before = await StoredBeforeAsync(connection, transaction, tenant, rows.Select(row => block.PredictionIds[row]).ToList(), cancellationToken);
            if (before.Count > 0)
            {
                duplicates += before.Count;
                rows = [.. rows.Where(row => !before.Contains(block.PredictionIds[row]))];
                if (rows.Count == 0)
                {
                    continue;
                }
            }

            byte[] data;
            if (rows.Count == block.Count)
            {
                data = bytes;
            }
            else
            {
                withInputs ??= PredictionBlock.Read(bytes);
                var writer = new PredictionBatchWriter();
                foreach (var row in rows)
                {
                    writer.Add(withInputs, row);
                }

                data = writer.ToParquet();
            }

            stored += rows.Count;
            var blockId = await InsertAsync(connection, transaction, group.Key, block, rows, data, loggedAt, cancellationToken);
            MinuteRollups.Count(block, rows, minutes);
            joined += await JoinWaitingLabelsAsync(connection, transaction, blockId, block, rows, minutes, cancellationToken);
        }

        await MinuteRollups.AddAsync(connection, transaction, minutes, cancellationToken);
        return new AppendedPredictions(stored, duplicates, joined);
    }

    private static DateTime HourOf(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    /// <summary>Which of <paramref name="ids"/> the tenant's blocks hold already.</summary>
    private static async Task<HashSet<Guid>> StoredBeforeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, List<Guid> ids, CancellationToken cancellationToken)
    {
        var (first, last) = Bounds(ids);
        var stored = new HashSet<Guid>();
        await using var command = new NpgsqlCommand("""
            SELECT sorted_ids FROM prediction_blocks
            WHERE ids && prediction_id_range($2, $3, '[]') AND tenant = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = first });
        command.Parameters.Add(new NpgsqlParameter { Value = last });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var packed = reader.GetFieldValue<byte[]>(0);
            stored.UnionWith(ids.Where(id => SortedIds.Contains(packed, id)));
        }

        return stored;
    }

    private static (Guid First, Guid Last) Bounds(IEnumerable<Guid> ids)
    {
        Guid? first = null, last = null;
        foreach (var id in ids)
        {
            if (first is null || SortedIds.Compare(id, first.Value) < 0)
            {
                first = id;
            }

            if (last is null || SortedIds.Compare(id, last.Value) > 0)
            {
                last = id;
            }
        }

        return (first!.Value, last!.Value);
    }

    private static async Task<long> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BlockKey key, PredictionBlock block, List<int> rows,
        byte[] data, DateTimeOffset loggedAt, CancellationToken cancellationToken)
    {
        var ids = rows.Select(row => block.PredictionIds[row]).ToList();
        var (first, last) = Bounds(ids);
        await using var command = new NpgsqlCommand("""
            INSERT INTO prediction_blocks (tenant, model, version, hour, first_served, last_served, ids, row_count, inputs,
                                           sorted_ids, data, logged_at)
            VALUES ($1, $2, $3, $4, $5, $6, prediction_id_range($7, $8, '[]'), $9, $10, $11, $12, $13)
            RETURNING block_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = key.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Hour, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Min(row => block.ServedAt[row]), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Max(row => block.ServedAt[row]), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = first });
        command.Parameters.Add(new NpgsqlParameter { Value = last });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = block.InputNames.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = SortedIds.Pack(ids) });
        command.Parameters.Add(new NpgsqlParameter { Value = data });
        command.Parameters.Add(new NpgsqlParameter { Value = loggedAt });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Joins ground truth that waited for these rows, counts it into the roll-ups and announces it.</summary>
    private static async Task<int> JoinWaitingLabelsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long blockId, PredictionBlock block, List<int> rows,
        Dictionary<MinuteKey, MinuteCounts> minutes, CancellationToken cancellationToken)
    {
        var tenant = block.Tenants[rows[0]];
        var byId = rows.ToDictionary(row => block.PredictionIds[row]);
        var (first, last) = Bounds(byId.Keys);
        var joined = new List<JoinedLabel>();
        await using (var command = new NpgsqlCommand("""
            SELECT prediction_id, actual, actual_value, labelled_at FROM prediction_labels
            WHERE tenant = $1 AND block_id IS NULL AND prediction_id BETWEEN $2 AND $3
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = first });
            command.Parameters.Add(new NpgsqlParameter { Value = last });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (byId.TryGetValue(reader.GetGuid(0), out var row))
                {
                    joined.Add(new JoinedLabel(tenant, block.PredictionIds[row], block.Models[row], block.Versions[row],
                        block.Routes[row], block.Labels[row], block.Values[row], new DateTimeOffset(block.ServedAt[row], TimeSpan.Zero),
                        reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetFieldValue<DateTimeOffset>(3)));
                }
            }
        }

        if (joined.Count == 0)
        {
            return 0;
        }

        await PredictionLabels.AttachAsync(connection, transaction, blockId, joined, cancellationToken);
        foreach (var label in joined)
        {
            MinuteRollups.CountLabel(label, +1, minutes);
        }

        await Outbox.EnqueueAllAsync(connection, transaction, [.. joined.Select(label => label.ToEvent())], cancellationToken);

        return joined.Count;
    }

    private readonly record struct BlockKey(string Tenant, string Model, int Version, DateTime Hour);
}

/// <summary>What storing a block did: predictions stored, those the log held already, and waiting labels joined.</summary>
public sealed record AppendedPredictions(int Stored, int Duplicates, int LabelsJoined);