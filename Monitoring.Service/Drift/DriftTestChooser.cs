namespace MlOps.Monitoring.Service.Drift;

/// <summary>Picks and runs one feature's drift test the way Evidently does by default.</summary>
public static class DriftTestChooser
{
    /// <summary>Up to this many reference rows a statistical test decides; above it, a distance (tests flag trivial shifts on big samples).</summary>
    public const long SmallReferenceRows = 1000;

    /// <summary>
    /// The requested method, or for <see cref="DriftMethod.Auto"/>: numeric bins → Kolmogorov–Smirnov up to
    /// <see cref="SmallReferenceRows"/> reference rows, normalised Wasserstein above; categorical bins → chi-square,
    /// Jensen–Shannon above.
    /// </summary>
    public static DriftMethod Choose(Histogram reference, DriftMethod requested = DriftMethod.Auto)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (requested != DriftMethod.Auto)
        {
            return requested;
        }

        var small = reference.Total <= SmallReferenceRows;
        return reference.IsNumeric
            ? small ? DriftMethod.KolmogorovSmirnov : DriftMethod.Wasserstein
            : small ? DriftMethod.ChiSquare : DriftMethod.JensenShannon;
    }

    /// <summary>
    /// Runs the chosen test. Insufficient data — fewer current rows than <see cref="DriftCheckOptions.MinimumCurrentRows"/>
    /// or an empty reference — yields a result with no statistic that is not drifted. Kolmogorov–Smirnov and
    /// Wasserstein need numeric bins, Wasserstein also <paramref name="referenceStd"/>.
    /// </summary>
    public static FeatureDriftResult Evaluate(Histogram reference, Histogram current, double? referenceStd = null, DriftCheckOptions? options = null)
    {
        options ??= new DriftCheckOptions();
        Histogram.RequireSameBins(reference, current);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumCurrentRows, 1);
        var method = Choose(reference, options.Method);
        var name = method.Name();
        if ((method is DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein) && !reference.IsNumeric)
        {
            throw new ArgumentException($"{name} compares ordered numeric bins; the reference histogram is categorical.", nameof(reference));
        }

        if (method == DriftMethod.Wasserstein && referenceStd is null)
        {
            throw new ArgumentException("The normalised Wasserstein distance needs the reference standard deviation.", nameof(referenceStd));
        }

        var threshold = options.Threshold ?? method.DefaultThreshold();
        if (!double.IsFinite(threshold) || threshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), threshold, "A drift threshold is finite and not negative.");
        }

        if (current.Total < options.MinimumCurrentRows || reference.Total == 0)
        {
            return new FeatureDriftResult(name, null, null, threshold, Drifted: false, InsufficientData: true);
        }

        var (statistic, pValue) = method switch
        {
            DriftMethod.KolmogorovSmirnov => KolmogorovSmirnov(reference, current),
            DriftMethod.ChiSquare => ChiSquare(reference, current),
            DriftMethod.Wasserstein => (DriftStatistics.NormalizedWasserstein(reference, current, referenceStd!.Value), (double?)null),
            DriftMethod.JensenShannon => (DriftStatistics.JensenShannon(reference, current), null),
            _ => (DriftStatistics.Psi(reference, current), null),
        };

        var drifted = method.TestsPValue() ? pValue < threshold : statistic >= threshold;
        return new FeatureDriftResult(name, statistic, pValue, threshold, drifted, InsufficientData: false);
    }

    private static (double, double?) KolmogorovSmirnov(Histogram reference, Histogram current)
    {
        var result = DriftStatistics.KolmogorovSmirnov(reference, current);
        return (result.Statistic, result.PValue);
    }

    private static (double, double?) ChiSquare(Histogram reference, Histogram current)
    {
        var result = DriftStatistics.ChiSquare(reference, current);
        return (result.Statistic, result.PValue);
    }
}