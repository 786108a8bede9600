using System.Diagnostics;

using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

using Npgsql;

namespace MlOps.Drift.Bench;

/// <summary>
/// What <c>PredictionsLoggedConsumer</c> does with each logged batch, without the broker and its idempotency record:
/// every row's features, prediction and latency counted into the reference's bins per time bucket, and the batch's
/// counts added with <see cref="CountStore.AddAsync"/> in a transaction of its own.
/// </summary>
public static class BinnedIngest
{
    /// <summary>Inference's default <c>LogBatchSize</c>: the rows one <c>PredictionsLogged</c> message carries.</summary>
    public const int BatchRows = 500;

    public static async Task<TimeSpan> RunAsync(NpgsqlDataSource dataSource, ReferenceProfile reference, LoggedRows rows, MonitoringOptions options)
    {
        var numeric = BenchModel.Numeric.Length;
        var prediction = reference.Prediction!;
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows.Count; start += BatchRows)
        {
            var counts = new Dictionary<BinKey, long>();
            for (var row = start; row < Math.Min(start + BatchRows, rows.Count); row++)
            {
                var bucket = options.BucketOf(rows.ServedAt(row));
                void Count(Series series, string feature, short bin)
                {
                    var key = new BinKey(BenchModel.Tenant, BenchModel.Name, BenchModel.Version, bucket, series, feature, bin);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                for (var f = 0; f < reference.Features.Count; f++)
                {
                    var binning = reference.Features[f];
                    Count(Series.Feature, binning.Name,
                        f < numeric ? binning.BinOf(rows.Numeric[f][row]) : binning.BinOf(rows.Categorical[f - numeric][row]));
                }

                Count(Series.Prediction, "", prediction.BinOf(rows.Labels[row]));
                Count(Series.Latency, "", LatencyBins.BinOf(rows.LatencyMs[row]));
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await CountStore.AddAsync(connection, transaction, counts, CancellationToken.None);
            await transaction.CommitAsync();
        }

        return watch.Elapsed;
    }
}