using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>Writes <c>prediction_labels</c>: ground truth, with its prediction's fields once the prediction is logged.</summary>
public static class PredictionLabels
{
    /// <summary>Gives waiting labels the fields of the predictions just stored in block <paramref name="blockId"/>.</summary>
    public static async Task AttachAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long blockId, IReadOnlyList<JoinedLabel> joined,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE prediction_labels AS l
            SET block_id = $2, model = j.model, version = j.version, route = j.route, label = j.label, value = j.value,
                served_at = j.served_at
            FROM unnest($3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::double precision[], $9::timestamptz[])
                AS j (prediction_id, model, version, route, label, value, served_at)
            WHERE l.tenant = $1 AND l.prediction_id = j.prediction_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = joined[0].Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = blockId });
        AddPredictionFields(command, [.. joined.Select(label => label.PredictionId)], joined);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes each label (replacing an earlier one), joined to its logged prediction when <c>BlockId</c> is set.</summary>
    public static async Task UpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IReadOnlyList<LabelRow> labels,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO prediction_labels (tenant, prediction_id, model, version, route, label, value, served_at, actual,
                                           actual_value, labelled_at, block_id)
            SELECT $1, l.prediction_id, l.model, l.version, l.route, l.label, l.value, l.served_at, l.actual, l.actual_value,
                   $10, l.block_id
            FROM unnest($2::uuid[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::double precision[],
                        $8::timestamptz[], $9::text[], $11::double precision[], $12::bigint[])
                AS l (prediction_id, model, version, route, label, value, served_at, actual, actual_value, block_id)
            ORDER BY l.prediction_id
            ON CONFLICT (tenant, prediction_id) DO UPDATE
                SET actual = excluded.actual, actual_value = excluded.actual_value, labelled_at = excluded.labelled_at,
                    block_id = excluded.block_id, model = excluded.model, version = excluded.version, route = excluded.route,
                    label = excluded.label, value = excluded.value, served_at = excluded.served_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        AddPredictionFields(command, [.. labels.Select(label => label.PredictionId)], [.. labels.Select(label => label.Joined)]);
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label.Actual).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels[0].LabelledAt });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label.ActualValue).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label.BlockId).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A label whose prediction is not logged yet has null prediction fields.
    private static void AddPredictionFields(NpgsqlCommand command, Guid[] ids, IReadOnlyList<JoinedLabel?> labels)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label?.Model).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label?.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label?.Route).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label?.Label).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Select(label => label?.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = labels.Select(label => label?.ServedAt).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
    }
}

/// <summary>A label to write: joined to its prediction (<paramref name="Joined"/>, in block <paramref name="BlockId"/>), or pending.</summary>
public sealed record LabelRow(
    Guid PredictionId, string Actual, double? ActualValue, DateTimeOffset LabelledAt, JoinedLabel? Joined, long? BlockId);