namespace MlOps.Monitoring.Service.Drift;

/// <summary>
/// Statistics comparing a current histogram with a reference histogram over the same bins, each O(bins). An empty
/// histogram carries no evidence either way: distances are 0 and p-values 1 (a caller reports such a check as
/// insufficient data rather than as a result).
/// </summary>
public static class DriftStatistics
{
    /// <summary>The share that stands in for an empty bin where a share is divided by or logged (Evidently's 0.0001).</summary>
    public const double EmptyBinShare = 0.0001;

    /// <summary>
    /// Distance reported by <see cref="NormalizedWasserstein"/> when the reference is constant (std 0) and the current
    /// distribution is not: any move away from a constant is drift, and a finite value keeps results serialisable.
    /// </summary>
    public const double ShiftFromConstant = double.MaxValue;

    /// <summary>Population stability index Σ (cur − ref) · ln(cur / ref) over bin shares, empty shares replaced by <see cref="EmptyBinShare"/>.</summary>
    public static double Psi(Histogram reference, Histogram current)
    {
        if (!HaveRows(reference, current))
        {
            return 0;
        }

        var expected = reference.Shares();
        var actual = current.Shares();
        double psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i] == 0 ? EmptyBinShare : expected[i];
            var a = actual[i] == 0 ? EmptyBinShare : actual[i];
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov on the binned CDFs: D = max over bin boundaries of |F_ref − F_cur|, and the
    /// p-value Q((√nₑ + 0.12 + 0.11/√nₑ) · D) with nₑ = n·m/(n+m) (Stephens' correction, as Numerical Recipes' probks).
    /// D is the raw-sample statistic exactly when no value lies strictly inside a bin, and never exceeds it.
    /// </summary>
    public static KolmogorovSmirnovResult KolmogorovSmirnov(Histogram reference, Histogram current)
    {
        if (!HaveRows(reference, current))
        {
            return new KolmogorovSmirnovResult(0, 1);
        }

        var expected = reference.CumulativeShares();
        var actual = current.CumulativeShares();
        double distance = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            distance = Math.Max(distance, Math.Abs(expected[i] - actual[i]));
        }

        if (distance == 0)
        {
            return new KolmogorovSmirnovResult(0, 1);
        }

        var n = (double)reference.Total;
        var m = (double)current.Total;
        var rootEffective = Math.Sqrt(n * m / (n + m));
        var lambda = (rootEffective + 0.12 + (0.11 / rootEffective)) * distance;
        return new KolmogorovSmirnovResult(distance, Distributions.KolmogorovSurvival(lambda));
    }

    /// <summary>
    /// Wasserstein-1 (earth mover's) distance Σᵢ |F_ref(i) − F_cur(i)| · (edges[i+1] − edges[i]), F(i) the share in
    /// bins 0..i: each bin's mass sits at its lower edge, where the binning puts a value equal to that edge. So the
    /// distance is exact for data whose values all lie on edges other than the top one (a value on the top edge
    /// shares the closed last bin with its lower edge and is counted there).
    /// </summary>
    public static double Wasserstein(Histogram reference, Histogram current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var edges = reference.Edges ?? throw new ArgumentException("The Wasserstein distance needs numeric bins with edges.", nameof(reference));
        if (!HaveRows(reference, current))
        {
            return 0;
        }

        var expected = reference.CumulativeShares();
        var actual = current.CumulativeShares();
        double distance = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            distance += Math.Abs(expected[i] - actual[i]) * (edges[i + 1] - edges[i]);
        }

        return distance;
    }

    /// <summary>
    /// <see cref="Wasserstein"/> in units of the reference standard deviation. A constant reference (std 0) gives 0
    /// when nothing moved and <see cref="ShiftFromConstant"/> otherwise.
    /// </summary>
    public static double NormalizedWasserstein(Histogram reference, Histogram current, double referenceStd)
    {
        if (!(referenceStd >= 0) || double.IsPositiveInfinity(referenceStd))
        {
            throw new ArgumentOutOfRangeException(nameof(referenceStd), referenceStd, "A standard deviation is finite and not negative.");
        }

        var distance = Wasserstein(reference, current);
        if (referenceStd == 0)
        {
            return distance == 0 ? 0 : ShiftFromConstant;
        }

        return distance / referenceStd;
    }

    /// <summary>Jensen–Shannon distance: √(JS divergence) with natural logarithms (scipy's default), between 0 and √ln 2.</summary>
    public static double JensenShannon(Histogram reference, Histogram current)
    {
        if (!HaveRows(reference, current))
        {
            return 0;
        }

        var p = reference.Shares();
        var q = current.Shares();
        double divergence = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var mixture = (p[i] + q[i]) / 2;
            divergence += RelativeEntropyTerm(p[i], mixture) + RelativeEntropyTerm(q[i], mixture);
        }

        // Rounding can leave a hair below zero for identical shares.
        return Math.Sqrt(Math.Max(divergence / 2, 0));
    }

    /// <summary>
    /// Chi-square goodness of fit of the current counts to the reference shares: Σ (obs − exp)² / exp with
    /// exp = reference share × current rows, p = Q(df/2, χ²/2). Bins empty in both are left out. A bin empty in the
    /// reference but not in the current histogram gets the share <see cref="EmptyBinShare"/> (the reference shares
    /// renormalised to 1), so a value never seen in training weighs heavily instead of dividing by zero.
    /// df = bins taken into account − 1; with one bin there is nothing to test (χ² = 0, p = 1).
    /// </summary>
    public static ChiSquareResult ChiSquare(Histogram reference, Histogram current)
    {
        if (!HaveRows(reference, current))
        {
            return new ChiSquareResult(0, 0, 1);
        }

        var weights = new double[reference.Bins];
        double totalWeight = 0;
        var binsUsed = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (reference.Counts[i] == 0 && current.Counts[i] == 0)
            {
                continue;
            }

            weights[i] = reference.Counts[i] == 0 ? EmptyBinShare : (double)reference.Counts[i] / reference.Total;
            totalWeight += weights[i];
            binsUsed++;
        }

        double statistic = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                var expected = weights[i] / totalWeight * current.Total;
                var difference = current.Counts[i] - expected;
                statistic += difference * difference / expected;
            }
        }

        var degreesOfFreedom = binsUsed - 1;
        var pValue = degreesOfFreedom == 0 ? 1 : Distributions.ChiSquareSurvival(statistic, degreesOfFreedom);
        return new ChiSquareResult(statistic, degreesOfFreedom, pValue);
    }

    private static bool HaveRows(Histogram reference, Histogram current)
    {
        Histogram.RequireSameBins(reference, current);
        return reference.Total > 0 && current.Total > 0;
    }

    private static double RelativeEntropyTerm(double share, double mixture) => share == 0 ? 0 : share * Math.Log(share / mixture);
}