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
}