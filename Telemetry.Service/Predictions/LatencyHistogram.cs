namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Latencies counted on logarithmic bins 2 % wide from one microsecond up, so a percentile read from the counts is
/// within about 1 % of the latency it estimates. Bin 0 holds everything up to a microsecond.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The last bin, which holds everything from about 30 minutes up.</summary>
    public const int LastBin = 1_100;

    private const double Smallest = 0.001;
    private static readonly double LogGrowth = Math.Log(1.02);

    private readonly long[] _counts = new long[LastBin + 1];

    public long Count { get; private set; }

    public static int BinOf(double latencyMs) =>
        latencyMs <= Smallest || double.IsNaN(latencyMs) ? 0 : (int)Math.Min(1 + Math.Floor(Math.Log(latencyMs / Smallest) / LogGrowth), LastBin);

    /// <summary>The latency a bin stands for: its geometric middle.</summary>
    public static double ValueOf(int bin) => bin == 0 ? Smallest : Smallest * Math.Exp((bin - 0.5) * LogGrowth);

    public void Add(IReadOnlyList<int> bins, IReadOnlyList<long> counts)
    {
        for (var i = 0; i < bins.Count; i++)
        {
            _counts[Math.Clamp(bins[i], 0, LastBin)] += counts[i];
            Count += counts[i];
        }
    }

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
        for (var bin = 0; bin < _counts.Length; bin++)
        {
            seen += _counts[bin];
            if (rank < seen)
            {
                return ValueOf(bin);
            }
        }

        return ValueOf(LastBin);
    }
}