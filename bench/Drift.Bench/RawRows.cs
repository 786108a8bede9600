using System.Diagnostics;

using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Drift.Bench;

/// <summary>
/// The baseline store: every logged row as it came, one column per feature plus the predicted label, latency and
/// serving time, in <c>logged_rows</c>; and the window's counts rebuilt from it, or from the rows in memory.
/// </summary>
public sealed class RawRows(NpgsqlDataSource dataSource)
{
    private static readonly string ValueColumns = string.Join(", ", [.. BenchModel.Numeric, .. BenchModel.Categorical, "label", "latency_ms"]);

    public async Task CreateAsync()
    {
        var columns = BenchModel.Numeric.Select(name => $"{name} double precision NOT NULL")
            .Concat(BenchModel.Categorical.Select(name => $"{name} text NOT NULL"));
        await using var command = dataSource.CreateCommand($"""
            CREATE TABLE logged_rows (
                served_at timestamptz NOT NULL, {string.Join(", ", columns)}, label text NOT NULL, latency_ms double precision NOT NULL);
            CREATE INDEX logged_rows_by_time ON logged_rows USING brin (served_at);
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Writes all rows in one binary COPY, streamed from the columns.</summary>
    public async Task<TimeSpan> CopyAsync(LoggedRows rows)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY logged_rows (served_at, {ValueColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var row = 0; row < rows.Count; row++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(rows.ServedAt(row), NpgsqlDbType.TimestampTz);
                foreach (var column in rows.Numeric)
                {
                    await importer.WriteAsync(column[row], NpgsqlDbType.Double);
                }

                foreach (var column in rows.Categorical)
                {
                    await importer.WriteAsync(column[row], NpgsqlDbType.Text);
                }

                await importer.WriteAsync(rows.Labels[row], NpgsqlDbType.Text);
                await importer.WriteAsync(rows.LatencyMs[row], NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE logged_rows", connection);
        await analyze.ExecuteNonQueryAsync();
        return watch.Elapsed;
    }

    /// <summary>Reads every row served in [from, to) and bins it.</summary>
    public async Task<WindowCounts> TallyAsync(ReferenceProfile reference, DateTimeOffset from, DateTimeOffset to)
    {
        var numeric = BenchModel.Numeric.Length;
        var categorical = BenchModel.Categorical.Length;
        var tally = new WindowTally(reference);
        await using var command = dataSource.CreateCommand($"SELECT {ValueColumns} FROM logged_rows WHERE served_at >= $1 AND served_at < $2");
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var f = 0; f < numeric; f++)
            {
                tally.AddNumeric(f, reader.GetDouble(f));
            }

            for (var f = 0; f < categorical; f++)
            {
                tally.AddCategorical(numeric + f, reader.GetString(numeric + f));
            }

            tally.AddPrediction(reader.GetString(numeric + categorical));
            tally.AddLatency(reader.GetDouble(numeric + categorical + 1));
        }

        return tally.ToCounts();
    }

    /// <summary>Bins the rows already in memory (all of them are in the window): the compute alone, with no database read.</summary>
    public static WindowCounts TallyInMemory(ReferenceProfile reference, LoggedRows rows)
    {
        var tally = new WindowTally(reference);
        for (var row = 0; row < rows.Count; row++)
        {
            for (var f = 0; f < rows.Numeric.Length; f++)
            {
                tally.AddNumeric(f, rows.Numeric[f][row]);
            }

            for (var f = 0; f < rows.Categorical.Length; f++)
            {
                tally.AddCategorical(rows.Numeric.Length + f, rows.Categorical[f][row]);
            }

            tally.AddPrediction(rows.Labels[row]);
            tally.AddLatency(rows.LatencyMs[row]);
        }

        return tally.ToCounts();
    }
}