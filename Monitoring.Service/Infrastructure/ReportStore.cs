using System.Text.Json;

using MlOps.Monitoring.Service.Checks;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>Stored drift reports, whole (histograms included) as JSON.</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource)
{
    public static async Task SaveAsync(string tenant, DriftReport report, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO drift_reports (id, tenant, model, version, trigger, window_from, window_to, drifted, report, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = report.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = report.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = report.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = report.Trigger });
        command.Parameters.Add(new NpgsqlParameter { Value = report.From });
        command.Parameters.Add(new NpgsqlParameter { Value = report.To });
        command.Parameters.Add(new NpgsqlParameter { Value = report.Dataset.Drifted || report.Concept.Drifted });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(report, MonitoringJson.Options) });
        command.Parameters.Add(new NpgsqlParameter { Value = report.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The model's reports, newest first, at most <paramref name="limit"/>, optionally of one version.</summary>
    public async Task<IReadOnlyList<DriftReport>> ListAsync(string tenant, string model, int? version, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT report FROM drift_reports
            WHERE tenant = $1 AND model = $2 AND ($3::integer IS NULL OR version = $3)
            ORDER BY created_at DESC LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var reports = new List<DriftReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(JsonSerializer.Deserialize<DriftReport>(reader.GetString(0), MonitoringJson.Options)!);
        }

        return reports;
    }

    public async Task<DriftReport?> GetAsync(string tenant, string model, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT report FROM drift_reports WHERE tenant = $1 AND model = $2 AND id = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) is string report ? JsonSerializer.Deserialize<DriftReport>(report, MonitoringJson.Options) : null;
    }
}