using System.Data;
using System.Globalization;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Computes a model's traffic statistics from the per-minute roll-ups, so the answer costs the same for a thousand
/// predictions as for ten million: the window is taken to whole minutes (its start rounded down, its end up).
/// Latency percentiles come from the roll-ups' histograms (within about 1 %), or, when the window holds few
/// predictions, exactly from the blocks' latencies. Both reads share one snapshot.
/// </summary>
public sealed class PredictionStatistics(NpgsqlDataSource dataSource, IOptions<PredictionLogOptions> options)
{
    private static readonly DateTime Origin = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task<StatisticsReport> QueryAsync(string tenant, StatisticsQuery query, CancellationToken cancellationToken)
    {
        var from = MinuteRollups.MinuteOf(query.From.UtcDateTime);
        var to = MinuteRollups.MinuteOf(query.To.UtcDateTime);
        if (to < query.To.UtcDateTime)
        {
            to = to.AddMinutes(1);
        }

        var length = query.Interval.Length;
        DateTime BucketOf(DateTime time) => Origin.AddTicks((time - Origin).Ticks / length.Ticks * length.Ticks);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var total = new Bucket();
        var buckets = new SortedDictionary<DateTime, Bucket>();
        await using (var command = Command("""
            SELECT minute, version, route, label, requests, errors, latency_sum, latency_bins, latency_counts, confidence,
                   labelled, classified, correct, regressed, squared_error
            FROM prediction_minutes
            WHERE tenant = $1 AND model = $2 AND minute >= $3 AND minute < $4 AND ($5::integer IS NULL OR version = $5)
            """, transaction, tenant, query, from, to))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var minute = new MinuteRow(
                    reader.GetInt32(1).ToString(CultureInfo.InvariantCulture),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt64(4),
                    reader.GetInt64(5),
                    reader.GetDouble(6),
                    reader.GetFieldValue<int[]>(7),
                    reader.GetFieldValue<long[]>(8),
                    reader.GetFieldValue<long[]>(9),
                    reader.GetInt64(10),
                    reader.GetInt64(11),
                    reader.GetInt64(12),
                    reader.GetInt64(13),
                    reader.GetDouble(14));
                var start = BucketOf(reader.GetFieldValue<DateTime>(0));
                if (!buckets.TryGetValue(start, out var bucket))
                {
                    buckets[start] = bucket = new Bucket();
                }

                bucket.Of(minute.Route).Add(minute);
                total.Of(minute.Route).Add(minute);
            }
        }

        if (total.Served.Requests + total.Shadow.Requests <= options.Value.ExactLatencyRows)
        {
            await ReadExactLatenciesAsync(transaction, tenant, query, from, to, BucketOf, total, buckets, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StatisticsReport(
            query.Model,
            query.Version,
            new DateTimeOffset(from),
            new DateTimeOffset(to),
            query.Interval.Name,
            total.ToStatistics(from, to),
            [.. buckets.Select(bucket => bucket.Value.ToStatistics(bucket.Key, bucket.Key + length))]);
    }

    private static async Task ReadExactLatenciesAsync(
        NpgsqlTransaction transaction, string tenant, StatisticsQuery query, DateTime from, DateTime to,
        Func<DateTime, DateTime> bucketOf, Bucket total, SortedDictionary<DateTime, Bucket> buckets, CancellationToken cancellationToken)
    {
        var hour = new DateTime(from.Ticks - (from.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        await using var command = Command("""
            SELECT data FROM prediction_blocks
            WHERE tenant = $1 AND model = $2 AND hour >= $3 AND hour < $4 AND ($5::integer IS NULL OR version = $5)
            """, transaction, tenant, query, hour, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var block = PredictionBlock.Read(reader.GetFieldValue<byte[]>(0), BlockParts.Outputs);
            for (var row = 0; row < block.Count; row++)
            {
                var servedAt = block.ServedAt[row];
                if (servedAt >= from && servedAt < to)
                {
                    var latency = block.LatencyMs[row];
                    buckets.GetValueOrDefault(bucketOf(servedAt))?.Of(block.Routes[row]).Exact.Add(latency);
                    total.Of(block.Routes[row]).Exact.Add(latency);
                }
            }
        }
    }

    private static NpgsqlCommand Command(
        string sql, NpgsqlTransaction transaction, string tenant, StatisticsQuery query, DateTime from, DateTime to) =>
        new(sql, transaction.Connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = tenant },
                new NpgsqlParameter { Value = query.Model },
                new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)query.Version ?? DBNull.Value },
            },
        };

    private sealed record MinuteRow(
        string Version, string Route, string Label, long Requests, long Errors, double LatencySum, int[] LatencyBins,
        long[] LatencyCounts, long[] Confidence, long Labelled, long Classified, long Correct, long Regressed, double SquaredError);

    private sealed class Bucket
    {
        public Traffic Served { get; } = new();

        public Traffic Shadow { get; } = new();

        public Traffic Of(string route) => route == PredictionRoute.Shadow ? Shadow : Served;

        public StatisticsBucket ToStatistics(DateTime start, DateTime end) =>
            new(new DateTimeOffset(start), new DateTimeOffset(end), Served.ToStatistics(), Shadow.ToStatistics());
    }

    private sealed class Traffic
    {
        private readonly SortedDictionary<string, long> _perClass = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _perVersion = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _perRoute = new(StringComparer.Ordinal);
        private readonly long[] _confidence = new long[MinuteRollups.ConfidenceBins];
        private readonly LatencyHistogram _latency = new();
        private long _errors;
        private double _latencySum;
        private long _labelled;
        private long _classified;
        private long _correct;
        private long _regressed;
        private double _squaredError;

        public long Requests { get; private set; }

        /// <summary>Every latency of the traffic, when the window is small enough to read them.</summary>
        public List<double> Exact { get; } = [];

        public void Add(MinuteRow minute)
        {
            Requests += minute.Requests;
            _errors += minute.Errors;
            _latencySum += minute.LatencySum;
            _latency.Add(minute.LatencyBins, minute.LatencyCounts);
            for (var bin = 0; bin < _confidence.Length; bin++)
            {
                _confidence[bin] += minute.Confidence[bin];
            }

            _perRoute[minute.Route] = _perRoute.GetValueOrDefault(minute.Route) + minute.Requests;
            _perVersion[minute.Version] = _perVersion.GetValueOrDefault(minute.Version) + minute.Requests;
            if (minute.Label.Length > 0)
            {
                _perClass[minute.Label] = _perClass.GetValueOrDefault(minute.Label) + minute.Requests;
            }

            _labelled += minute.Labelled;
            _classified += minute.Classified;
            _correct += minute.Correct;
            _regressed += minute.Regressed;
            _squaredError += minute.SquaredError;
        }

        public TrafficStatistics ToStatistics() => new(
            Requests,
            // A minute row holds requests; a class's row with none left (all its labels moved) is not a class seen.
            _perClass.Where(pair => pair.Value > 0).ToDictionary(),
            _perVersion.Where(pair => pair.Value > 0).ToDictionary(),
            _perRoute.Where(pair => pair.Value > 0).ToDictionary(),
            _confidence,
            Requests == 0 ? null : Latency(),
            _errors,
            Requests == 0 ? 0 : (double)_errors / Requests,
            _labelled,
            _classified == 0 ? null : (double)_correct / _classified,
            _regressed == 0 ? null : Math.Sqrt(Math.Max(0, _squaredError) / _regressed));

        private LatencyStatistics Latency()
        {
            var mean = _latencySum / Requests;
            if (Exact.Count == Requests)
            {
                var sorted = Exact.Order().ToArray();
                return new LatencyStatistics(mean, Percentile(sorted, 0.5), Percentile(sorted, 0.95), Percentile(sorted, 0.99));
            }

            return new LatencyStatistics(mean, _latency.Percentile(0.5), _latency.Percentile(0.95), _latency.Percentile(0.99));
        }

        // Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont.
        private static double Percentile(double[] sorted, double fraction)
        {
            var position = fraction * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = (int)Math.Ceiling(position);
            return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
        }
    }
}