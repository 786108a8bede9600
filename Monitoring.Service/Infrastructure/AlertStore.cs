using System.Text.Json;

using MlOps.Monitoring.Service.Policies;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>An alert: open while its rule stays broken, one per rule at a time; resolved when a check clears it.</summary>
public sealed record Alert(
    Guid Id,
    string Model,
    AlertRule Rule,
    string State,
    double Value,
    Guid ReportId,
    Guid LastReportId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt);

public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Opens an alert for a broken rule, or, when one is already open for it, points it at this report. Returns the
    /// alert and whether this call opened it.
    /// </summary>
    public static async Task<(Alert Alert, bool Opened)> RaiseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, AlertRule rule, double value, Guid reportId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO alerts (id, tenant, model, rule, rule_key, state, value, report_id, last_report_id, opened_at)
            VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $7, $8)
            ON CONFLICT (tenant, model, rule_key) WHERE state = 'open'
            DO UPDATE SET value = excluded.value, last_report_id = excluded.last_report_id
            RETURNING id, report_id, opened_at, xmax = 0
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(rule, MonitoringJson.Options) });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        command.Parameters.Add(new NpgsqlParameter { Value = reportId });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var alert = new Alert(reader.GetGuid(0), model, rule, "open", value, reader.GetGuid(1), reportId, reader.GetFieldValue<DateTimeOffset>(2), null);
        return (alert, reader.GetBoolean(3));
    }

    /// <summary>Resolves the open alert of a rule a check found no longer broken; returns its id, or null when none was open.</summary>
    public static async Task<Guid?> ResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, AlertRule rule, double value, Guid reportId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE alerts SET state = 'resolved', resolved_at = $5, value = $6, last_report_id = $7
            WHERE tenant = $1 AND model = $2 AND rule_key = $3 AND state = $4
            RETURNING id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = "open" });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        command.Parameters.Add(new NpgsqlParameter { Value = reportId });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>The tenant's alerts, newest first, optionally only open or resolved ones, or one model's.</summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(string tenant, string? state, string? model, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, model, rule, state, value, report_id, last_report_id, opened_at, resolved_at FROM alerts
            WHERE tenant = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR model = $3)
            ORDER BY opened_at DESC LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)model ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new Alert(
                reader.GetGuid(0), reader.GetString(1), JsonSerializer.Deserialize<AlertRule>(reader.GetString(2), MonitoringJson.Options)!, reader.GetString(3),
                reader.GetDouble(4), reader.GetGuid(5), reader.GetGuid(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return alerts;
    }
}