namespace MlOps.Monitoring.Service.Profiles;

/// <summary>Fixed, roughly log-spaced latency bins in milliseconds; the last bin is open above.</summary>
public static class LatencyBins
{
    private static readonly double[] UpperEdges =
        [0.05, 0.1, 0.2, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000];

    public static int Count => UpperEdges.Length + 1;

    public static short BinOf(double milliseconds)
    {
        var bin = Array.BinarySearch(UpperEdges, milliseconds);
        return (short)(bin >= 0 ? bin + 1 : ~bin);
    }

    /// <summary>
    /// The latency at <paramref name="quantile"/> of the counted rows, interpolated inside its bin (the open last bin
    /// answers its lower edge); null without rows.
    /// </summary>
    public static double? Quantile(IReadOnlyDictionary<short, long> counts, double quantile)
    {
        var total = counts.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var target = quantile * total;
        double seen = 0;
        for (short bin = 0; bin < Count; bin++)
        {
            var inBin = counts.GetValueOrDefault(bin);
            if (inBin > 0 && seen + inBin >= target)
            {
                var lower = bin == 0 ? 0 : UpperEdges[bin - 1];
                if (bin == UpperEdges.Length)
                {
                    return lower;
                }

                return lower + (UpperEdges[bin] - lower) * ((target - seen) / inBin);
            }

            seen += inBin;
        }

        return UpperEdges[^1];
    }
}