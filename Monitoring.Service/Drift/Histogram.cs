namespace MlOps.Monitoring.Service.Drift;

/// <summary>
/// Counts per bin. Numeric bins also carry their edges (one more than the bins): a value v is in bin i when
/// edges[i] &lt;= v &lt; edges[i+1], the last bin closed, as the training profile counts them. Categorical bins have
/// no edges and no order that means anything.
/// </summary>
public sealed class Histogram
{
    private readonly long[] _counts;
    private readonly double[]? _edges;

    public Histogram(IReadOnlyList<long> counts, IReadOnlyList<double>? edges = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _counts = [.. counts];
        if (_counts.Any(count => count < 0))
        {
            throw new ArgumentException("Bin counts must not be negative.", nameof(counts));
        }

        Total = _counts.Sum();
        if (edges is null)
        {
            return;
        }

        _edges = [.. edges];
        if (_edges.Length != _counts.Length + 1 && !(_counts.Length == 0 && _edges.Length == 0))
        {
            throw new ArgumentException($"{_counts.Length} bins need {_counts.Length + 1} edges, not {_edges.Length}.", nameof(edges));
        }

        for (var i = 0; i < _edges.Length; i++)
        {
            if (!double.IsFinite(_edges[i]) || (i > 0 && _edges[i] < _edges[i - 1]))
            {
                throw new ArgumentException("Bin edges must be finite and non-decreasing.", nameof(edges));
            }
        }
    }

    public IReadOnlyList<long> Counts => _counts;

    public IReadOnlyList<double>? Edges => _edges;

    public int Bins => _counts.Length;

    public long Total { get; }

    public bool IsNumeric => _edges is not null;

    /// <summary>Throws unless both histograms count over the same bins (equal edges where both have them).</summary>
    internal static void RequireSameBins(Histogram reference, Histogram current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Bins != current.Bins)
        {
            throw new ArgumentException($"The reference has {reference.Bins} bins, the current histogram {current.Bins}.", nameof(current));
        }

        if (reference._edges is not null && current._edges is not null && !reference._edges.SequenceEqual(current._edges))
        {
            throw new ArgumentException("The reference and current histograms have different bin edges.", nameof(current));
        }
    }

    /// <summary>Each bin's share of the rows; only for a histogram with rows.</summary>
    internal double[] Shares() => [.. _counts.Select(count => (double)count / Total)];

    /// <summary>Share of the rows in bins 0..i for each i, from integer running counts; only for a histogram with rows.</summary>
    internal double[] CumulativeShares()
    {
        var shares = new double[Bins];
        long running = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            running += _counts[i];
            shares[i] = (double)running / Total;
        }

        return shares;
    }
}