namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Latencies counted on logarithmic bins 2 % wide from one microsecond up, so a percentile read from the counts is
/// within about 1 % of the latency it estimates. Bin 0 holds everything up to a microsecond.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Smallest = 0.001;
    private static readonly double LogGrowth = Math.Log(1.02);

    private readonly SortedDictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public static int BinOf(double latencyMs) =>
        latencyMs <= Smallest || double.IsNaN(latencyMs) ? 0 : (int)Math.Min(1 + Math.Floor(Math.Log(latencyMs / Smallest) / LogGrowth), 5_000);

    /// <summary>The latency a bin stands for: its geometric middle.</summary>
    public static double ValueOf(int bin) => bin == 0 ? Smallest : Smallest * Math.Exp((bin - 0.5) * LogGrowth);

    public void Add(int bin, long count)
    {
        _counts[bin] = _counts.GetValueOrDefault(bin) + count;
        Count += count;
    }

    public void Add(IReadOnlyList<int> bins, IReadOnlyList<long> counts)
    {
        for (var i = 0; i < bins.Count; i++)
        {
            Add(bins[i], counts[i]);
        }
    }

    public IReadOnlyDictionary<int, long> Counts => _counts;

    /// <summary>The <paramref name="fraction"/> percentile, ranked as PostgreSQL's <c>percentile_cont</c> ranks.</summary>
    public double Percentile(double fraction)
    {
        var rank = fraction * (Count - 1);
        var below = (long)Math.Floor(rank);
        var above = (long)Math.Ceiling(rank);
        var (low, high) = (ValueAtRank(below), ValueAtRank(above));
        return low + ((rank - below) * (high - low));
    }

    private double ValueAtRank(long rank)
    {
        var seen = 0L;
        foreach (var (bin, count) in _counts)
        {
            seen += count;
            if (rank < seen)
            {
                return ValueOf(bin);
            }
        }

        return _counts.Count == 0 ? 0 : ValueOf(_counts.Keys.Last());
    }
}