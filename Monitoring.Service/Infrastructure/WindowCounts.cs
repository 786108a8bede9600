namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>A window's counts per series, feature and bin.</summary>
public sealed class WindowCounts
{
    private readonly Dictionary<(Series, string), Dictionary<short, long>> _bins = [];

    public void Add(Series series, string feature, short bin, long count)
    {
        if (!_bins.TryGetValue((series, feature), out var bins))
        {
            _bins[(series, feature)] = bins = [];
        }

        bins[bin] = bins.GetValueOrDefault(bin) + count;
    }

    /// <summary>Bin to count for one series; empty when nothing was counted.</summary>
    public IReadOnlyDictionary<short, long> Of(Series series, string feature = "") =>
        _bins.TryGetValue((series, feature), out var bins) ? bins : new Dictionary<short, long>();

    /// <summary>Every row is counted once in the latency series.</summary>
    public long Rows => Of(Series.Latency).Values.Sum();
}