using System.Text.Json;

using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// A model's latest predictions, newest first, read backwards along <c>predictions_by_model</c> so only the rows
/// returned are visited.
/// </summary>
public sealed class RecentPredictions(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="limit"/> rows served before <paramref name="before"/> (up to now when null).</summary>
    public async Task<IReadOnlyList<RecentPrediction>> ListAsync(
        string tenant, string model, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT prediction_id, version, route, inputs::text, label, value, confidence, latency_ms, error, served_at, actual
            FROM predictions
            WHERE tenant = $1 AND model = $2 AND ($3::timestamptz IS NULL OR served_at < $3)
            ORDER BY served_at DESC, prediction_id DESC
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)before ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<RecentPrediction>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RecentPrediction(
                reader.GetGuid(0),
                reader.GetInt32(1),
                reader.GetString(2),
                JsonSerializer.Deserialize<JsonElement>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return rows;
    }
}