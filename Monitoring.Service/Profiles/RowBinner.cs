using System.Globalization;
using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;

namespace MlOps.Monitoring.Service.Profiles;

/// <summary>Counts logged rows of one version into its reference bins: each input feature, the prediction and the latency.</summary>
public static class RowBinner
{
    public static void Count(
        Dictionary<BinKey, long> counts, ReferenceProfile reference, IEnumerable<LoggedPrediction> rows, Func<DateTimeOffset, DateTimeOffset> bucketOf)
    {
        foreach (var row in rows)
        {
            var bucket = bucketOf(row.ServedAt);
            void Add(Series series, string feature, short bin)
            {
                var key = new BinKey(row.Tenant, row.Model, row.Version, bucket, series, feature, bin);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            var hasInputs = row.Inputs.ValueKind == JsonValueKind.Object;
            foreach (var feature in reference.Features)
            {
                Add(Series.Feature, feature.Name,
                    hasInputs && row.Inputs.TryGetProperty(feature.Name, out var value) ? feature.BinOf(value) : FeatureBinning.Missing);
            }

            if (reference.Prediction is { } prediction)
            {
                Add(Series.Prediction, "", reference.IsRegression
                    ? row.Value is { } predicted ? prediction.BinOf(predicted) : FeatureBinning.Missing
                    : row.Label is { } label ? prediction.BinOf(label) : FeatureBinning.Missing);
            }

            Add(Series.Latency, "", LatencyBins.BinOf(row.LatencyMs));
        }
    }

    /// <summary>
    /// Counts the rows of a block listed in <paramref name="rows"/>, all of one version, straight from the block's
    /// columns: counts are added up per bucket in arrays, and turned into bin keys once at the end.
    /// </summary>
    public static void Count(
        Dictionary<BinKey, long> counts, ReferenceProfile reference, PredictionBlock block, IEnumerable<int> rows,
        Func<DateTimeOffset, DateTimeOffset> bucketOf)
    {
        var inputs = block.Inputs.ToDictionary(input => input.Name, StringComparer.Ordinal);
        var features = reference.Features.Select(feature => inputs.GetValueOrDefault(feature.Name)).ToArray();
        var perBucket = new Dictionary<DateTimeOffset, BucketCounts>();
        BucketCounts? current = null;
        DateTime currentMinute = default;
        string? tenant = null, model = null;
        var version = 0;
        foreach (var row in rows)
        {
            (tenant, model, version) = (block.Tenants[row], block.Models[row], block.Versions[row]);
            var servedAt = block.ServedAt[row];
            var minute = new DateTime(servedAt.Ticks - (servedAt.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
            if (current is null || minute != currentMinute)
            {
                var bucket = bucketOf(new DateTimeOffset(servedAt, TimeSpan.Zero));
                if (!perBucket.TryGetValue(bucket, out current))
                {
                    perBucket[bucket] = current = new BucketCounts(reference);
                }

                currentMinute = minute;
            }

            for (var feature = 0; feature < features.Length; feature++)
            {
                current.Features[feature][1 + BinOf(reference.Features[feature], features[feature], row)]++;
            }

            if (reference.Prediction is { } prediction)
            {
                var bin = reference.IsRegression
                    ? block.Values[row] is { } predicted ? prediction.BinOf(predicted) : FeatureBinning.Missing
                    : block.Labels[row] is { } label ? prediction.BinOf(label) : FeatureBinning.Missing;
                current.Prediction[1 + bin]++;
            }

            current.Latency[1 + LatencyBins.BinOf(block.LatencyMs[row])]++;
        }

        foreach (var (bucket, bucketCounts) in perBucket)
        {
            void Add(Series series, string feature, long[] binCounts)
            {
                for (var i = 0; i < binCounts.Length; i++)
                {
                    if (binCounts[i] > 0)
                    {
                        var key = new BinKey(tenant!, model!, version, bucket, series, feature, (short)(i - 1));
                        counts[key] = counts.GetValueOrDefault(key) + binCounts[i];
                    }
                }
            }

            for (var feature = 0; feature < features.Length; feature++)
            {
                Add(Series.Feature, reference.Features[feature].Name, bucketCounts.Features[feature]);
            }

            Add(Series.Prediction, "", bucketCounts.Prediction);
            Add(Series.Latency, "", bucketCounts.Latency);
        }
    }

    // Values are binned as their JSON was before blocks carried them: a category is a number's shortest text.
    private static short BinOf(FeatureBinning feature, InputColumn? column, int row) => column switch
    {
        null => FeatureBinning.Missing,
        { Numbers: { } numbers } => numbers[row] switch
        {
            null => FeatureBinning.Missing,
            { } number when feature.IsNumeric => feature.BinOf(number),
            { } number when column.Kind == InputKind.Float => feature.BinOf(((float)number).ToString(CultureInfo.InvariantCulture)),
            { } number => feature.BinOf(number),
        },
        { Kind: InputKind.Text } => column.Texts![row] is { } text ? feature.BinOf(text) : FeatureBinning.Missing,
        _ => column.HasValue(row) ? feature.BinOf(column.ValueOf(row)) : FeatureBinning.Missing,
    };

    /// <summary>One bucket's counts; index 0 of each array counts missing values, index b + 1 bin b.</summary>
    private sealed class BucketCounts(ReferenceProfile reference)
    {
        // One more bin than the reference has for categories never seen in it.
        public long[][] Features { get; } = [.. reference.Features.Select(feature => new long[feature.Bins + 2])];

        public long[] Prediction { get; } = new long[(reference.Prediction?.Bins ?? 0) + 2];

        public long[] Latency { get; } = new long[LatencyBins.Count + 1];
    }
}