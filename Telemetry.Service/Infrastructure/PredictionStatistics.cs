using System.Data;
using System.Globalization;

using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Computes a model's traffic statistics in PostgreSQL, in two scans of the model's rows in the window (its day
/// partitions, through <c>predictions_by_model</c> when the model is a small part of them) read in one snapshot so
/// their numbers agree: measures per bucket and for the whole window, then counts per bucket, route, version, class
/// and confidence bin, which are few and are added up here.
/// </summary>
public sealed class PredictionStatistics(NpgsqlDataSource dataSource)
{
    public const int ConfidenceBins = 10;

    // Buckets start on UTC hours and midnights, counted from this origin.
    private const string Rows = """
        WITH rows AS (
            SELECT date_bin($5, served_at, timestamptz '2000-01-01 00:00:00+00') AS bucket, route = 'shadow' AS shadow,
                   version, route, label, value, width_bucket(confidence, 0, 1, 10) AS confidence_bin, latency_ms, error,
                   actual, actual_value
            FROM predictions
            WHERE tenant = $1 AND model = $2 AND served_at >= $3 AND served_at < $4
              AND ($6::integer IS NULL OR version = $6))
        """;

    private const string Measures = Rows + """
        SELECT GROUPING(bucket) = 1, bucket, shadow,
               count(*), count(error), avg(latency_ms),
               percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms),
               count(actual),
               avg((actual = label)::integer) FILTER (WHERE actual IS NOT NULL AND label IS NOT NULL)::double precision,
               sqrt(avg((value - actual_value) ^ 2)
                    FILTER (WHERE label IS NULL AND value IS NOT NULL AND actual_value IS NOT NULL))
        FROM rows
        GROUP BY GROUPING SETS ((bucket, shadow), (shadow))
        """;

    private const string Counts = Rows + """
        SELECT bucket, route, version, label, confidence_bin, count(*)
        FROM rows
        GROUP BY bucket, route, version, label, confidence_bin
        """;

    // The percentiles sort each bucket's latencies: this keeps a day of a busy model's rows off the disk.
    private const string SortMemory = "SET LOCAL work_mem = '64MB'";

    public async Task<StatisticsReport> QueryAsync(string tenant, StatisticsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var memory = new NpgsqlCommand(SortMemory, connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { Command(Measures, tenant, query), Command(Counts, tenant, query) },
        };

        var total = new Bucket();
        var buckets = new SortedDictionary<DateTimeOffset, Bucket>();
        Bucket BucketAt(DateTimeOffset start)
        {
            if (!buckets.TryGetValue(start, out var bucket))
            {
                buckets[start] = bucket = new Bucket();
            }

            return bucket;
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = reader.GetBoolean(0) ? total : BucketAt(reader.GetFieldValue<DateTimeOffset>(1));
                var traffic = reader.GetBoolean(2) ? bucket.Shadow : bucket.Served;
                var percentiles = reader.GetFieldValue<double[]>(6);
                traffic.Requests = reader.GetInt64(3);
                traffic.Errors = reader.GetInt64(4);
                traffic.Latency = new LatencyStatistics(reader.GetDouble(5), percentiles[0], percentiles[1], percentiles[2]);
                traffic.Labelled = reader.GetInt64(7);
                traffic.Accuracy = reader.IsDBNull(8) ? null : reader.GetDouble(8);
                traffic.Rmse = reader.IsDBNull(9) ? null : reader.GetDouble(9);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var route = reader.GetString(1);
                var version = reader.GetInt32(2).ToString(CultureInfo.InvariantCulture);
                var label = reader.IsDBNull(3) ? null : reader.GetString(3);
                int? confidenceBin = reader.IsDBNull(4) ? null : reader.GetInt32(4);
                var count = reader.GetInt64(5);
                foreach (var bucket in new[] { BucketAt(reader.GetFieldValue<DateTimeOffset>(0)), total })
                {
                    var traffic = route == PredictionRoute.Shadow ? bucket.Shadow : bucket.Served;
                    traffic.Count(route, version, label, confidenceBin, count);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var length = query.Interval.Length;
        return new StatisticsReport(
            query.Model,
            query.Version,
            query.From,
            query.To,
            query.Interval.Name,
            total.ToStatistics(query.From, query.To),
            buckets.Select(bucket => bucket.Value.ToStatistics(bucket.Key, bucket.Key + length)).ToList());
    }

    private static NpgsqlBatchCommand Command(string sql, string tenant, StatisticsQuery query) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = tenant },
            new NpgsqlParameter { Value = query.Model },
            new NpgsqlParameter { Value = query.From },
            new NpgsqlParameter { Value = query.To },
            new NpgsqlParameter { Value = query.Interval.Length },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)query.Version ?? DBNull.Value },
        },
    };

    private sealed class Bucket
    {
        public Traffic Served { get; } = new();

        public Traffic Shadow { get; } = new();

        public StatisticsBucket ToStatistics(DateTimeOffset start, DateTimeOffset end) =>
            new(start, end, Served.ToStatistics(), Shadow.ToStatistics());
    }

    private sealed class Traffic
    {
        private readonly SortedDictionary<string, long> _perClass = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _perVersion = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _perRoute = new(StringComparer.Ordinal);
        private readonly long[] _confidence = new long[ConfidenceBins];

        public long Requests { get; set; }

        public long Errors { get; set; }

        public LatencyStatistics? Latency { get; set; }

        public long Labelled { get; set; }

        public double? Accuracy { get; set; }

        public double? Rmse { get; set; }

        /// <param name="confidenceBin">PostgreSQL's <c>width_bucket</c> over ten bins: 11 for a confidence of exactly 1.</param>
        public void Count(string route, string version, string? label, int? confidenceBin, long count)
        {
            _perRoute[route] = _perRoute.GetValueOrDefault(route) + count;
            _perVersion[version] = _perVersion.GetValueOrDefault(version) + count;
            if (label is not null)
            {
                _perClass[label] = _perClass.GetValueOrDefault(label) + count;
            }

            if (confidenceBin is { } bin)
            {
                _confidence[Math.Clamp(bin, 1, ConfidenceBins) - 1] += count;
            }
        }

        public TrafficStatistics ToStatistics() => new(
            Requests,
            _perClass,
            _perVersion,
            _perRoute,
            _confidence,
            Latency,
            Errors,
            Requests == 0 ? 0 : (double)Errors / Requests,
            Labelled,
            Accuracy,
            Rmse);
    }
}