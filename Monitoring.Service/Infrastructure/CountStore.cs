using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>The live distributions: rows counted per reference bin and time bucket in <c>bin_counts</c>.</summary>
public sealed class CountStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Adds the counts in one statement. Keys go in sorted, so concurrent batches lock shared counters in the same
    /// order and cannot deadlock.
    /// </summary>
    public static async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyDictionary<BinKey, long> counts, CancellationToken cancellationToken)
    {
        var keys = counts.Keys
            .OrderBy(key => key.Tenant, StringComparer.Ordinal).ThenBy(key => key.Model, StringComparer.Ordinal)
            .ThenBy(key => key.Version).ThenBy(key => key.Bucket).ThenBy(key => key.Series)
            .ThenBy(key => key.Feature, StringComparer.Ordinal).ThenBy(key => key.Bin)
            .ToArray();
        await using var command = new NpgsqlCommand("""
            INSERT INTO bin_counts (tenant, model, version, bucket, series, feature, bin, count)
            SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[], $5::smallint[], $6::text[], $7::smallint[], $8::bigint[])
            ON CONFLICT (tenant, model, version, bucket, series, feature, bin) DO UPDATE SET count = bin_counts.count + excluded.count
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(key => key.Tenant)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(key => key.Model)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. keys.Select(key => key.Version)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. keys.Select(key => key.Bucket)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. keys.Select(key => (short)key.Series)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(key => key.Feature)] });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. keys.Select(key => key.Bin)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keys.Select(key => counts[key])] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every bin's count summed over the buckets that start in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<WindowCounts> ReadAsync(
        string tenant, string model, int version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT series, feature, bin, sum(count)::bigint FROM bin_counts
            WHERE tenant = $1 AND model = $2 AND version = $3 AND bucket >= $4 AND bucket < $5
            GROUP BY series, feature, bin
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var window = new WindowCounts();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            window.Add((Series)reader.GetInt16(0), reader.GetString(1), reader.GetInt16(2), reader.GetInt64(3));
        }

        return window;
    }

    /// <summary>The latency bins of every version of the model over the buckets that start in [from, to).</summary>
    public async Task<IReadOnlyDictionary<short, long>> LatencyAsync(
        string tenant, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT bin, sum(count)::bigint FROM bin_counts
            WHERE tenant = $1 AND model = $2 AND bucket >= $3 AND bucket < $4 AND series = 2
            GROUP BY bin
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var bins = new Dictionary<short, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            bins[reader.GetInt16(0)] = reader.GetInt64(1);
        }

        return bins;
    }
}