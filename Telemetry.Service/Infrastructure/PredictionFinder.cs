using MlOps.Contracts.IntegrationEvents;

using Npgsql;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Finds logged predictions from their ids: the blocks whose id range holds an id are candidates, their sorted ids
/// say which really holds it, and only those blocks are decoded (without their inputs) for the prediction's fields.
/// </summary>
public static class PredictionFinder
{
    public static async Task<Dictionary<Guid, FoundPrediction>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid[] ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, FoundPrediction>();
        if (ids.Length == 0)
        {
            return found;
        }

        // The candidates first, then each candidate's sorted ids once, however many of the ids it may hold.
        var candidates = new Dictionary<long, List<Guid>>();
        await using (var command = new NpgsqlCommand("""
            SELECT b.block_id, f.id
            FROM unnest($2::uuid[]) AS f (id)
            JOIN prediction_blocks b ON b.ids @> f.id AND b.tenant = $1
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var blockId = reader.GetInt64(0);
                if (!candidates.TryGetValue(blockId, out var held))
                {
                    candidates[blockId] = held = [];
                }

                held.Add(reader.GetGuid(1));
            }
        }

        var holders = new Dictionary<long, List<Guid>>();
        if (candidates.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                "SELECT block_id, sorted_ids FROM prediction_blocks WHERE block_id = ANY($1)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = candidates.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var blockId = reader.GetInt64(0);
                var packed = reader.GetFieldValue<byte[]>(1);
                var held = candidates[blockId].Where(id => SortedIds.Contains(packed, id)).ToList();
                if (held.Count > 0)
                {
                    holders[blockId] = held;
                }
            }
        }

        if (holders.Count == 0)
        {
            return found;
        }

        await using (var command = new NpgsqlCommand(
            "SELECT block_id, data FROM prediction_blocks WHERE block_id = ANY($1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = holders.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var blockId = reader.GetInt64(0);
                var block = PredictionBlock.Read(reader.GetFieldValue<byte[]>(1), BlockParts.Ids);
                var wanted = holders[blockId].ToHashSet();
                for (var row = 0; row < block.Count; row++)
                {
                    if (wanted.Contains(block.PredictionIds[row]))
                    {
                        found[block.PredictionIds[row]] = new FoundPrediction(blockId, new JoinedLabel(tenant, block.PredictionIds[row],
                            block.Models[row], block.Versions[row], block.Routes[row], block.Labels[row], block.Values[row],
                            new DateTimeOffset(block.ServedAt[row], TimeSpan.Zero), "", null, default));
                    }
                }
            }
        }

        return found;
    }
}

/// <summary>A logged prediction's block and fields (its ground truth not yet filled in).</summary>
public sealed record FoundPrediction(long BlockId, JoinedLabel Prediction);