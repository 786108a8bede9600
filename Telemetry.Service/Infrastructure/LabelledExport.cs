using System.Data;
using System.Runtime.CompilerServices;

using MlOps.Contracts.IntegrationEvents;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// A model's labelled production data: the predictions that answered a request (not shadow) and have ground truth.
/// The labels are read in serving order from <c>prediction_labels</c>, each with its block, which is decoded once
/// for all the labelled rows it holds. The rows are read twice in one snapshot: first for the features they have
/// values for, then to stream them.
/// </summary>
public sealed class LabelledExport(NpgsqlDataSource dataSource)
{
    private const string Labelled = """
        FROM prediction_labels
        WHERE tenant = $1 AND model = $2 AND block_id IS NOT NULL AND route <> 'shadow'
          AND ($3::timestamptz IS NULL OR served_at >= $3)
        """;

    /// <summary>Opens the rows served since <paramref name="since"/> (all when null); the caller disposes them.</summary>
    public async Task<LabelledRows> OpenAsync(string tenant, string model, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var rows = new LabelledRows(connection, transaction, after => Page(transaction, tenant, model, since, after));
            await rows.FindFeaturesAsync(cancellationToken);
            return rows;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private const int PageRows = 20_000;

    // Keyset pages in serving order: each starts after the last row of the one before.
    private static NpgsqlCommand Page(
        NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset? since, (DateTimeOffset ServedAt, Guid Id)? after)
    {
        var command = Command($"""
            SELECT served_at, prediction_id, actual, block_id {Labelled}
              AND ($4::timestamptz IS NULL OR (served_at, prediction_id) > ($4, $5))
            ORDER BY served_at, prediction_id
            LIMIT {PageRows}
            """, transaction, tenant, model, since);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)after?.ServedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)after?.Id ?? DBNull.Value });
        return command;
    }

    private static NpgsqlCommand Command(
        string sql, NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset? since) =>
        new(sql, transaction.Connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = tenant },
                new NpgsqlParameter { Value = model },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)since ?? DBNull.Value },
            },
        };
}

/// <summary>Labelled rows ready to stream, holding their connection and snapshot until disposed.</summary>
public sealed class LabelledRows(
    NpgsqlConnection connection, NpgsqlTransaction transaction, Func<(DateTimeOffset ServedAt, Guid Id)?, NpgsqlCommand> page)
    : IAsyncDisposable
{
    /// <summary>The names of the features any of the rows has a value for, in ordinal order.</summary>
    public IReadOnlyList<string> Features { get; private set; } = [];

    public async Task FindFeaturesAsync(CancellationToken cancellationToken)
    {
        var features = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var (block, row, _) in ReadAsync(cancellationToken))
        {
            foreach (var input in block.Inputs)
            {
                if (input.HasValue(row))
                {
                    features.Add(input.Name);
                }
            }
        }

        Features = [.. features];
    }

    /// <summary>Each row's block and row in it, and its ground truth, oldest first.</summary>
    public async IAsyncEnumerable<LabelledRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blocks = new Dictionary<long, (PredictionBlock Block, Dictionary<Guid, int> Rows)>();
        (DateTimeOffset, Guid)? after = null;
        while (true)
        {
            var labels = new List<(Guid Id, string Actual, long BlockId)>();
            await using (var command = page(after))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    after = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetGuid(1));
                    labels.Add((reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3)));
                }
            }

            if (labels.Count == 0)
            {
                yield break;
            }

            var needed = labels.Select(label => label.BlockId).ToHashSet();
            foreach (var stale in blocks.Keys.Where(id => !needed.Contains(id)).ToList())
            {
                blocks.Remove(stale);
            }

            await ReadBlocksAsync([.. needed.Where(id => !blocks.ContainsKey(id))], blocks, cancellationToken);
            foreach (var (id, actual, blockId) in labels)
            {
                var (block, rows) = blocks[blockId];
                yield return new LabelledRow(block, rows[id], actual);
            }
        }
    }

    private async Task ReadBlocksAsync(
        long[] ids, Dictionary<long, (PredictionBlock, Dictionary<Guid, int>)> into, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT block_id, data FROM prediction_blocks WHERE block_id = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var block = PredictionBlock.Read(reader.GetFieldValue<byte[]>(1), BlockParts.Ids | BlockParts.Inputs);
            var rows = new Dictionary<Guid, int>(block.Count);
            for (var row = 0; row < block.Count; row++)
            {
                rows[block.PredictionIds[row]] = row;
            }

            into[reader.GetInt64(0)] = (block, rows);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>A labelled prediction: row <paramref name="Row"/> of <paramref name="Block"/>, and its ground truth.</summary>
public sealed record LabelledRow(PredictionBlock Block, int Row, string Actual);