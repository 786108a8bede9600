using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

namespace MlOps.Drift.Bench;

/// <summary>
/// A window's bin counts built row by row from raw values, as a drift tool without stored counts must build them, with
/// the reference's own binning. Features are indexed as in <see cref="ReferenceProfile.Features"/>.
/// </summary>
public sealed class WindowTally
{
    private readonly ReferenceProfile _reference;
    private readonly FeatureBinning _prediction;
    private readonly long[][] _features;
    private readonly long[] _predictions;
    private readonly long[] _latency = new long[LatencyBins.Count];

    public WindowTally(ReferenceProfile reference)
    {
        _reference = reference;
        _prediction = reference.Prediction!;
        // One slot more than the bins, in front, for FeatureBinning.Missing (-1).
        _features = [.. reference.Features.Select(feature => new long[feature.Bins + 1])];
        _predictions = new long[_prediction.Bins + 1];
    }

    public void AddNumeric(int feature, double value) => _features[feature][_reference.Features[feature].BinOf(value) + 1]++;

    public void AddCategorical(int feature, string value) => _features[feature][_reference.Features[feature].BinOf(value) + 1]++;

    public void AddPrediction(string label) => _predictions[_prediction.BinOf(label) + 1]++;

    public void AddLatency(double milliseconds) => _latency[LatencyBins.BinOf(milliseconds)]++;

    public WindowCounts ToCounts()
    {
        var counts = new WindowCounts();
        for (var f = 0; f < _features.Length; f++)
        {
            AddNonZero(counts, Series.Feature, _reference.Features[f].Name, _features[f], offset: 1);
        }

        AddNonZero(counts, Series.Prediction, "", _predictions, offset: 1);
        AddNonZero(counts, Series.Latency, "", _latency, offset: 0);
        return counts;
    }

    private static void AddNonZero(WindowCounts counts, Series series, string feature, long[] bins, int offset)
    {
        for (var slot = 0; slot < bins.Length; slot++)
        {
            if (bins[slot] > 0)
            {
                counts.Add(series, feature, (short)(slot - offset), bins[slot]);
            }
        }
    }
}