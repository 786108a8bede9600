using MlOps.Monitoring.Service.Drift;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>
/// Each statistic over bins against the textbook computation over the raw samples the bins were counted from.
/// </summary>
public sealed class DriftStatisticsTests
{
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.3, 1.2)]
    [InlineData(4.0, 0.5)]
    public void Psi_agrees_with_shares_counted_from_the_raw_samples(double shift, double scale)
    {
        var reference = Normal(seed: 1, 4000, 0, 1);
        var current = Normal(seed: 2, 2500, shift, scale);
        var edges = QuantileEdges(reference, 10);

        var expectedShares = SharesInBins(edges, reference).Select(share => share == 0 ? 0.0001 : share).ToArray();
        var actualShares = SharesInBins(edges, current).Select(share => share == 0 ? 0.0001 : share).ToArray();
        var psi = expectedShares.Zip(actualShares, (e, a) => (a - e) * Math.Log(a / e)).Sum();

        Assert.Equal(psi, DriftStatistics.Psi(Numeric(edges, reference), Numeric(edges, current)), Tolerance);
        if (shift > 3)
        {
            Assert.Contains(0.0001, actualShares);
            Assert.True(psi > 0.25, $"PSI {psi}");
        }
    }

    [Theory]
    [InlineData(0.0, 500, 400)]
    [InlineData(1.0, 60, 45)]
    [InlineData(3.0, 3000, 2000)]
    public void Kolmogorov_smirnov_equals_the_raw_sample_statistic_and_p_value_for_values_on_the_edges(double shift, int n, int m)
    {
        var edges = UnevenEdges(seed: 3, bins: 11);
        var reference = OnEdges(seed: 4, n, edges, centre: 5, highestIndex: edges.Length - 1);
        var current = OnEdges(seed: 5, m, edges, centre: 5 + shift, highestIndex: edges.Length - 1);

        var distance = RawKolmogorovSmirnov(reference, current);
        var effective = (double)n * m / (n + m);
        var lambda = (Math.Sqrt(effective) + 0.12 + (0.11 / Math.Sqrt(effective))) * distance;

        var result = DriftStatistics.KolmogorovSmirnov(Numeric(edges, reference), Numeric(edges, current));

        Assert.True(distance > 0);
        Assert.Equal(distance, result.Statistic, Tolerance);
        Assert.Equal(Math.Clamp(KolmogorovSeries(lambda), 0, 1), result.PValue, Tolerance);
    }

    [Fact]
    public void Kolmogorov_smirnov_on_bins_of_continuous_data_misses_at_most_one_bin_share_of_the_raw_statistic()
    {
        var reference = Normal(seed: 6, 2000, 0, 1);
        var current = Normal(seed: 7, 1500, 0.4, 1.1);
        var edges = QuantileEdges(reference, 20);
        var expected = Numeric(edges, reference);
        var actual = Numeric(edges, current);

        var binned = DriftStatistics.KolmogorovSmirnov(expected, actual).Statistic;
        var raw = RawKolmogorovSmirnov(reference, current);
        var widestShare = Enumerable.Range(0, expected.Bins)
            .Max(i => Math.Max((double)expected.Counts[i] / expected.Total, (double)actual.Counts[i] / actual.Total));

        Assert.InRange(binned, raw - widestShare, raw + 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-4.0)]
    public void Wasserstein_equals_the_raw_sample_distance_for_values_on_the_lower_edges(double shift)
    {
        var edges = UnevenEdges(seed: 8, bins: 10);
        var reference = OnEdges(seed: 9, 1200, edges, centre: 4, highestIndex: edges.Length - 2);
        var current = OnEdges(seed: 10, 900, edges, centre: 4 + shift, highestIndex: edges.Length - 2);

        var distance = DriftStatistics.Wasserstein(Numeric(edges, reference), Numeric(edges, current));

        Assert.Equal(RawWasserstein(reference, current), distance, Tolerance);
        Assert.Equal(distance / 2.5, DriftStatistics.NormalizedWasserstein(Numeric(edges, reference), Numeric(edges, current), 2.5), Tolerance);
    }

    [Fact]
    public void Wasserstein_moves_each_bin_s_mass_from_its_lower_edge()
    {
        double[] edges = [0, 1, 3, 6];

        var distance = DriftStatistics.Wasserstein(new Histogram([10, 0, 0], edges), new Histogram([0, 0, 10], edges));

        Assert.Equal(3, distance, 1e-12);
    }

    [Fact]
    public void Wasserstein_on_bins_of_continuous_data_is_within_two_bin_widths_of_the_raw_distance()
    {
        var reference = Normal(seed: 11, 2000, 0, 1);
        var current = Normal(seed: 12, 1500, 0.5, 1.3);
        var low = reference.Concat(current).Min();
        var high = reference.Concat(current).Max();
        var width = (high - low) / 50;
        var edges = Enumerable.Range(0, 51).Select(i => i == 50 ? high : low + (i * width)).ToArray();

        var binned = DriftStatistics.Wasserstein(Numeric(edges, reference), Numeric(edges, current));
        var raw = RawWasserstein(reference, current);

        Assert.InRange(binned, raw - (2 * width), raw + (2 * width));
    }

    [Theory]
    [InlineData(new[] { 0.4, 0.3, 0.2, 0.1, 0.0 }, new[] { 0.4, 0.3, 0.2, 0.1, 0.0 })]
    [InlineData(new[] { 0.4, 0.3, 0.2, 0.1, 0.0 }, new[] { 0.1, 0.2, 0.3, 0.3, 0.1 })]
    [InlineData(new[] { 0.5, 0.5, 0.0, 0.0, 0.0 }, new[] { 0.0, 0.0, 0.2, 0.3, 0.5 })]
    public void Jensen_shannon_agrees_with_shares_counted_from_the_raw_samples(double[] referenceWeights, double[] currentWeights)
    {
        var reference = Categories(seed: 13, 3000, referenceWeights);
        var current = Categories(seed: 14, 2000, currentWeights);
        var p = CategoryShares(reference, referenceWeights.Length);
        var q = CategoryShares(current, currentWeights.Length);

        double divergence = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var mixture = (p[i] + q[i]) / 2;
            divergence += (p[i] > 0 ? p[i] * Math.Log(p[i] / mixture) : 0) + (q[i] > 0 ? q[i] * Math.Log(q[i] / mixture) : 0);
        }

        var distance = DriftStatistics.JensenShannon(Categorical(reference, p.Length), Categorical(current, q.Length));

        Assert.Equal(Math.Sqrt(divergence / 2), distance, Tolerance);
        Assert.InRange(distance, 0, Math.Sqrt(Math.Log(2)));
    }

    [Fact]
    public void Jensen_shannon_of_disjoint_distributions_is_the_square_root_of_ln_2()
    {
        Assert.Equal(Math.Sqrt(Math.Log(2)), DriftStatistics.JensenShannon(new Histogram([7, 0]), new Histogram([0, 3])), 1e-12);
    }

    [Fact]
    public void Chi_square_matches_scipy_for_a_die_rolled_against_a_fair_die()
    {
        // scipy.stats.chisquare([16, 18, 16, 14, 12, 12]) -> statistic 2.0, p-value 0.84914503608460956
        var result = DriftStatistics.ChiSquare(new Histogram([1, 1, 1, 1, 1, 1]), new Histogram([16, 18, 16, 14, 12, 12]));

        Assert.Equal(2.0, result.Statistic, 1e-9);
        Assert.Equal(5, result.DegreesOfFreedom);
        Assert.Equal(0.84914503608460956, result.PValue, 1e-9);
    }

    [Fact]
    public void Chi_square_agrees_with_the_textbook_sum_and_the_closed_form_two_degree_p_value()
    {
        long[] expectedCounts = [520, 310, 170];
        long[] observedCounts = [230, 160, 110];
        var statistic = expectedCounts.Zip(observedCounts, (e, o) =>
        {
            var expected = (double)e / expectedCounts.Sum() * observedCounts.Sum();
            return (o - expected) * (o - expected) / expected;
        }).Sum();

        var result = DriftStatistics.ChiSquare(new Histogram(expectedCounts), new Histogram(observedCounts));

        Assert.Equal(statistic, result.Statistic, Tolerance);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-statistic / 2), result.PValue, 1e-9);
    }

    [Fact]
    public void Chi_square_leaves_out_bins_empty_on_both_sides_and_smooths_a_category_new_to_the_reference()
    {
        var result = DriftStatistics.ChiSquare(new Histogram([50, 50, 0, 0]), new Histogram([40, 40, 20, 0]));

        var weights = new[] { 0.5, 0.5, 0.0001 }.Select(weight => weight / 1.0001).ToArray();
        var statistic = new double[] { 40, 40, 20 }.Select((observed, i) => Math.Pow(observed - (weights[i] * 100), 2) / (weights[i] * 100)).Sum();
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(statistic, result.Statistic, Tolerance);
        Assert.True(result.PValue < 1e-10, $"p {result.PValue}");
    }

    [Theory]
    [InlineData(3.841458820694124, 1)]
    [InlineData(18.307038053275146, 10)]
    [InlineData(124.34211340400407, 100)]
    public void Chi_square_survival_is_five_percent_at_the_published_critical_values(double x, int degreesOfFreedom)
    {
        Assert.Equal(0.05, Distributions.ChiSquareSurvival(x, degreesOfFreedom), 1e-9);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(3.9)]
    [InlineData(4.1)]
    [InlineData(7.0)]
    [InlineData(60.0)]
    public void Chi_square_survival_at_two_and_four_degrees_matches_its_closed_form_on_both_sides_of_the_series_switch(double x)
    {
        Assert.Equal(Math.Exp(-x / 2), Distributions.ChiSquareSurvival(x, 2), 1e-12);
        Assert.Equal(Math.Exp(-x / 2) * (1 + (x / 2)), Distributions.ChiSquareSurvival(x, 4), 1e-12);
    }

    [Fact]
    public void Log_gamma_matches_factorials_and_the_square_root_of_pi()
    {
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), Distributions.LogGamma(0.5), 1e-12);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI) / 2), Distributions.LogGamma(1.5), 1e-12);
        Assert.Equal(Math.Log(Math.PI / Math.Sin(Math.PI * 0.25)) - Distributions.LogGamma(0.75), Distributions.LogGamma(0.25), 1e-12);
        double factorial = 1;
        for (var n = 1; n <= 30; n++)
        {
            Assert.Equal(Math.Log(factorial), Distributions.LogGamma(n), 1e-12 * Math.Max(1, Math.Log(factorial)));
            factorial *= n;
        }
    }

    [Fact]
    public void Kolmogorov_survival_is_five_percent_at_the_published_critical_value_and_one_at_zero()
    {
        Assert.Equal(0.05, Distributions.KolmogorovSurvival(1.358), 1e-3);
        Assert.Equal(0.01, Distributions.KolmogorovSurvival(1.628), 1e-3);
        Assert.Equal(1, Distributions.KolmogorovSurvival(0));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    [InlineData(1.17)]
    [InlineData(1.19)]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Kolmogorov_survival_matches_the_alternating_series_on_both_sides_of_the_switch(double lambda)
    {
        Assert.Equal(KolmogorovSeries(lambda), Distributions.KolmogorovSurvival(lambda), 1e-12);
    }

    [Theory]
    [InlineData(DriftMethod.Auto, "wasserstein")]
    [InlineData(DriftMethod.KolmogorovSmirnov, "ks")]
    [InlineData(DriftMethod.Wasserstein, "wasserstein")]
    [InlineData(DriftMethod.ChiSquare, "chisquare")]
    [InlineData(DriftMethod.JensenShannon, "jensenshannon")]
    [InlineData(DriftMethod.Psi, "psi")]
    public void Identical_histograms_show_no_drift_under_every_method(DriftMethod method, string name)
    {
        var sample = Normal(seed: 15, 1500, 10, 3);
        var edges = QuantileEdges(sample, 10);

        var result = DriftTestChooser.Evaluate(Numeric(edges, sample), Numeric(edges, sample), referenceStd: 3, new DriftCheckOptions(method));

        Assert.Equal(name, result.Method);
        Assert.Equal(0, result.Statistic!.Value, 1e-12);
        Assert.False(result.Drifted);
        Assert.False(result.InsufficientData);
        if (result.PValue is { } pValue)
        {
            Assert.Equal(1, pValue, 1e-9);
        }
        else
        {
            Assert.False(method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare);
        }
    }

    [Theory]
    [InlineData(800, "ks")]
    [InlineData(1000, "ks")]
    [InlineData(1001, "wasserstein")]
    [InlineData(20000, "wasserstein")]
    public void A_shifted_numeric_feature_is_flagged_by_the_default_method_for_its_reference_size(int referenceRows, string method)
    {
        var reference = Normal(seed: 16, referenceRows, 0, 1);
        var edges = QuantileEdges(reference, 10);
        var shifted = Normal(seed: 17, 1000, 0.5, 1);

        var result = DriftTestChooser.Evaluate(Numeric(edges, reference), Numeric(edges, shifted), PopulationStd(reference));

        Assert.Equal(method, result.Method);
        Assert.True(result.Drifted, $"{result.Method} {result.Statistic} p {result.PValue}");
        Assert.Equal(method == "ks" ? 0.05 : 0.1, result.Threshold);
        Assert.Equal(method == "ks", result.PValue is not null);
    }

    [Theory]
    [InlineData(600, "chisquare")]
    [InlineData(5000, "jensenshannon")]
    public void A_shifted_categorical_feature_is_flagged_by_the_default_method_for_its_reference_size(int referenceRows, string method)
    {
        double[] before = [0.4, 0.3, 0.2, 0.1];
        var reference = Categorical(Categories(seed: 18, referenceRows, before), 4);

        var shifted = DriftTestChooser.Evaluate(reference, Categorical(Categories(seed: 19, 800, [0.1, 0.2, 0.3, 0.4]), 4));

        Assert.Equal(method, shifted.Method);
        Assert.True(shifted.Drifted, $"{shifted.Method} {shifted.Statistic} p {shifted.PValue}");
    }

    [Fact]
    public void Samples_of_the_same_distribution_are_not_flagged_by_the_distances()
    {
        var reference = Normal(seed: 20, 20000, 0, 1);
        var edges = QuantileEdges(reference, 10);
        var same = Normal(seed: 21, 2000, 0, 1);
        double[] weights = [0.4, 0.3, 0.2, 0.1];

        var numeric = DriftTestChooser.Evaluate(Numeric(edges, reference), Numeric(edges, same), PopulationStd(reference));
        var categorical = DriftTestChooser.Evaluate(Categorical(Categories(seed: 22, 20000, weights), 4), Categorical(Categories(seed: 23, 2000, weights), 4));
        var psi = DriftTestChooser.Evaluate(Numeric(edges, reference), Numeric(edges, same), options: new DriftCheckOptions(DriftMethod.Psi));

        Assert.Equal(("wasserstein", false), (numeric.Method, numeric.Drifted));
        Assert.Equal(("jensenshannon", false), (categorical.Method, categorical.Drifted));
        Assert.Equal(("psi", false), (psi.Method, psi.Drifted));
    }

    [Fact]
    public void A_forced_method_and_threshold_replace_the_defaults()
    {
        var reference = Normal(seed: 24, 500, 0, 1);
        var edges = QuantileEdges(reference, 10);
        var current = Numeric(edges, Normal(seed: 25, 500, 1, 1));

        var flagged = DriftTestChooser.Evaluate(Numeric(edges, reference), current, options: new DriftCheckOptions(DriftMethod.Psi));
        var tolerated = DriftTestChooser.Evaluate(Numeric(edges, reference), current, options: new DriftCheckOptions(DriftMethod.Psi, Threshold: 10));

        Assert.Equal(("psi", true, 0.1), (flagged.Method, flagged.Drifted, flagged.Threshold));
        Assert.Equal(("psi", false, 10.0), (tolerated.Method, tolerated.Drifted, tolerated.Threshold));
        Assert.Equal(flagged.Statistic, tolerated.Statistic);
        Assert.True(flagged.Statistic > 0.25, $"PSI {flagged.Statistic}");
    }

    [Fact]
    public void Too_few_current_rows_or_an_empty_reference_give_insufficient_data_not_a_verdict()
    {
        double[] edges = [0, 1, 2, 3];
        var reference = new Histogram([400, 300, 300], edges);

        var tooFew = DriftTestChooser.Evaluate(reference, new Histogram([0, 0, 29], edges));
        var enough = DriftTestChooser.Evaluate(reference, new Histogram([0, 0, 30], edges));
        var lowered = DriftTestChooser.Evaluate(reference, new Histogram([0, 0, 10], edges), options: new DriftCheckOptions(MinimumCurrentRows: 10));
        var emptyReference = DriftTestChooser.Evaluate(new Histogram([0, 0, 0], edges), new Histogram([100, 100, 100], edges));

        Assert.Equal(new FeatureDriftResult("ks", null, null, 0.05, Drifted: false, InsufficientData: true), tooFew);
        Assert.Equal(new FeatureDriftResult("ks", null, null, 0.05, Drifted: false, InsufficientData: true), emptyReference);
        Assert.Equal((false, true), (enough.InsufficientData, enough.Drifted));
        Assert.Equal((false, true), (lowered.InsufficientData, lowered.Drifted));
    }

    /// <summary>Name, reference counts, current counts, edges, and whether the pair carries no evidence of drift at all.</summary>
    public static TheoryData<string, long[], long[], double[], bool> DegenerateInputs => new()
    {
        { "empty reference", [0, 0, 0], [5, 3, 2], [0, 1, 2, 3], true },
        { "empty current", [5, 3, 2], [0, 0, 0], [0, 1, 2, 3], true },
        { "both empty", [0, 0, 0], [0, 0, 0], [0, 1, 2, 3], true },
        { "no bins", [], [], [], true },
        { "single bin", [7], [9], [1, 2], true },
        { "constant column", [10], [4], [7.5, 7.5], true },
        { "all mass in one bin", [10, 0, 0], [6, 0, 0], [0, 1, 2, 3], true },
        { "all mass in opposite bins", [10, 0, 0], [0, 0, 10], [0, 1, 2, 3], false },
    };

    [Theory]
    [MemberData(nameof(DegenerateInputs))]
    public void Degenerate_histograms_give_finite_statistics_and_valid_p_values(string name, long[] referenceCounts, long[] currentCounts, double[] edges, bool noEvidence)
    {
        var reference = new Histogram(referenceCounts, edges);
        var current = new Histogram(currentCounts, edges);

        var ks = DriftStatistics.KolmogorovSmirnov(reference, current);
        var chiSquare = DriftStatistics.ChiSquare(reference, current);
        double[] distances =
        [
            DriftStatistics.Psi(reference, current),
            ks.Statistic,
            DriftStatistics.Wasserstein(reference, current),
            DriftStatistics.NormalizedWasserstein(reference, current, 0),
            DriftStatistics.NormalizedWasserstein(reference, current, 1),
            DriftStatistics.JensenShannon(reference, current),
            chiSquare.Statistic,
        ];

        Assert.All(distances, value => Assert.True(double.IsFinite(value) && value >= 0, $"{name}: {value}"));
        Assert.InRange(ks.PValue, 0, 1);
        Assert.InRange(chiSquare.PValue, 0, 1);
        foreach (var method in Enum.GetValues<DriftMethod>())
        {
            var result = DriftTestChooser.Evaluate(reference, current, referenceStd: 1, new DriftCheckOptions(method, MinimumCurrentRows: 1));
            Assert.True(result.Statistic is not { } statistic || double.IsFinite(statistic), $"{name}, {method}: {result.Statistic}");
            Assert.Equal(referenceCounts.Sum() == 0 || currentCounts.Sum() == 0, result.InsufficientData);
        }

        if (noEvidence)
        {
            Assert.All(distances, value => Assert.Equal(0, value));
            Assert.Equal((1.0, 1.0), (ks.PValue, chiSquare.PValue));
        }
    }

    [Fact]
    public void All_mass_moving_to_the_opposite_bin_is_maximal_drift_in_every_statistic()
    {
        double[] edges = [0, 1, 2, 3];
        var reference = new Histogram([10, 0, 0], edges);
        var current = new Histogram([0, 0, 10], edges);

        var ks = DriftStatistics.KolmogorovSmirnov(reference, current);
        var chiSquare = DriftStatistics.ChiSquare(reference, current);

        Assert.Equal(2 * (1 - 0.0001) * Math.Log(1 / 0.0001), DriftStatistics.Psi(reference, current), 1e-12);
        Assert.Equal(1, ks.Statistic);
        Assert.True(ks.PValue < 0.001, $"KS p {ks.PValue}");
        Assert.Equal(2, DriftStatistics.Wasserstein(reference, current), 1e-12);
        Assert.Equal(DriftStatistics.ShiftFromConstant, DriftStatistics.NormalizedWasserstein(reference, current, 0));
        Assert.Equal(Math.Sqrt(Math.Log(2)), DriftStatistics.JensenShannon(reference, current), 1e-12);
        Assert.Equal(1, chiSquare.DegreesOfFreedom);
        Assert.True(chiSquare.PValue < 1e-10, $"chi-square p {chiSquare.PValue}");
    }

    [Fact]
    public void Invalid_histograms_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Histogram([3, -1]));
        Assert.Throws<ArgumentException>(() => new Histogram([3, 1], [0, 1]));
        Assert.Throws<ArgumentException>(() => new Histogram([3, 1], [0, 2, 1]));
        Assert.Throws<ArgumentException>(() => new Histogram([3, 1], [0, double.NaN, 1]));
    }

    [Fact]
    public void Histograms_over_different_bins_cannot_be_compared()
    {
        var reference = new Histogram([3, 1, 2], [0, 1, 2, 3]);
        var fewerBins = new Histogram([3, 1], [0, 1, 3]);
        var otherEdges = new Histogram([3, 1, 2], [0, 1, 2, 4]);

        foreach (var current in new[] { fewerBins, otherEdges })
        {
            Assert.Throws<ArgumentException>(() => DriftStatistics.Psi(reference, current));
            Assert.Throws<ArgumentException>(() => DriftStatistics.KolmogorovSmirnov(reference, current));
            Assert.Throws<ArgumentException>(() => DriftStatistics.Wasserstein(reference, current));
            Assert.Throws<ArgumentException>(() => DriftStatistics.JensenShannon(reference, current));
            Assert.Throws<ArgumentException>(() => DriftStatistics.ChiSquare(reference, current));
            Assert.Throws<ArgumentException>(() => DriftTestChooser.Evaluate(reference, current));
        }
    }

    [Fact]
    public void Methods_that_need_ordered_bins_or_a_spread_reject_what_they_cannot_use()
    {
        var categorical = new Histogram([30, 20, 10]);
        var numeric = new Histogram([30, 20, 10], [0, 1, 2, 3]);

        Assert.Throws<ArgumentException>(() => DriftStatistics.Wasserstein(categorical, categorical));
        Assert.Throws<ArgumentException>(() => DriftTestChooser.Evaluate(categorical, categorical, options: new DriftCheckOptions(DriftMethod.KolmogorovSmirnov)));
        Assert.Throws<ArgumentException>(() => DriftTestChooser.Evaluate(numeric, numeric, options: new DriftCheckOptions(DriftMethod.Wasserstein)));
        Assert.ThrowsAny<ArgumentException>(() => DriftStatistics.NormalizedWasserstein(numeric, numeric, -1));
        Assert.ThrowsAny<ArgumentException>(() => DriftTestChooser.Evaluate(numeric, numeric, options: new DriftCheckOptions(Threshold: -0.1)));
        Assert.ThrowsAny<ArgumentException>(() => DriftTestChooser.Evaluate(numeric, numeric, options: new DriftCheckOptions(MinimumCurrentRows: 0)));
        Assert.ThrowsAny<ArgumentException>(() => DriftMethod.Auto.Name());
        Assert.ThrowsAny<ArgumentException>(() => Distributions.ChiSquareSurvival(1, 0));
        Assert.ThrowsAny<ArgumentException>(() => Distributions.RegularizedUpperGamma(-1, 1));
        Assert.ThrowsAny<ArgumentException>(() => Distributions.LogGamma(0));
    }

    private static Histogram Numeric(IReadOnlyList<double> edges, IEnumerable<double> values)
    {
        var counts = new long[edges.Count - 1];
        foreach (var value in values)
        {
            var bin = 0;
            while (bin < counts.Length - 1 && value >= edges[bin + 1])
            {
                bin++;
            }

            counts[bin]++;
        }

        return new Histogram(counts, edges);
    }

    private static Histogram Categorical(string[] values, int categories) =>
        new([.. Enumerable.Range(0, categories).Select(i => (long)values.Count(value => value == $"c{i}"))]);

    /// <summary>Share of the values in each bin [edges[i], edges[i+1]), the last closed, values outside clamped to the outer bins.</summary>
    private static double[] SharesInBins(double[] edges, double[] values)
    {
        var bins = edges.Length - 1;
        return [.. Enumerable.Range(0, bins).Select(i =>
            (double)values.Count(v => (i == 0 || v >= edges[i]) && (i == bins - 1 || v < edges[i + 1])) / values.Length)];
    }

    private static double[] CategoryShares(string[] values, int categories) =>
        [.. Enumerable.Range(0, categories).Select(i => (double)values.Count(value => value == $"c{i}") / values.Length)];

    private static double RawKolmogorovSmirnov(double[] reference, double[] current) =>
        reference.Concat(current).Distinct().Max(x => Math.Abs(Ecdf(reference, x) - Ecdf(current, x)));

    /// <summary>∫ |F_ref − F_cur| dx between consecutive distinct sample values, where both ECDFs are constant.</summary>
    private static double RawWasserstein(double[] reference, double[] current)
    {
        var points = reference.Concat(current).Distinct().Order().ToArray();
        double distance = 0;
        for (var j = 0; j < points.Length - 1; j++)
        {
            distance += Math.Abs(Ecdf(reference, points[j]) - Ecdf(current, points[j])) * (points[j + 1] - points[j]);
        }

        return distance;
    }

    private static double Ecdf(double[] sample, double x) => (double)sample.Count(value => value <= x) / sample.Length;

    private static double KolmogorovSeries(double lambda)
    {
        double sum = 0;
        for (var k = 1; k <= 10000; k++)
        {
            sum += (k % 2 == 1 ? 2 : -2) * Math.Exp(-2.0 * k * k * lambda * lambda);
        }

        return sum;
    }

    private static double[] Normal(int seed, int count, double mean, double std)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            mean + (std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
    }

    private static double PopulationStd(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(value => (value - mean) * (value - mean)));
    }

    /// <summary>Quantile edges as the training profile makes them: the min and max outermost, duplicates removed.</summary>
    private static double[] QuantileEdges(double[] sample, int bins)
    {
        var sorted = sample.Order().ToArray();
        return [.. Enumerable.Range(0, bins + 1).Select(i => sorted[(int)Math.Round((double)i / bins * (sorted.Length - 1))]).Distinct()];
    }

    private static double[] UnevenEdges(int seed, int bins)
    {
        var random = new Random(seed);
        var edges = new double[bins + 1];
        edges[0] = -2.5;
        for (var i = 1; i < edges.Length; i++)
        {
            edges[i] = edges[i - 1] + 0.1 + random.NextDouble();
        }

        return edges;
    }

    /// <summary>Values that sit exactly on edges: index round(centre + 2z), z standard normal, clamped to [0, highestIndex].</summary>
    private static double[] OnEdges(int seed, int count, double[] edges, double centre, int highestIndex) =>
        [.. Normal(seed, count, centre, 2).Select(z => edges[Math.Clamp((int)Math.Round(z), 0, highestIndex)])];

    private static string[] Categories(int seed, int count, double[] weights)
    {
        var random = new Random(seed);
        var total = weights.Sum();
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var draw = random.NextDouble() * total;
            var i = 0;
            while (i < weights.Length - 1 && (draw -= weights[i]) >= 0)
            {
                i++;
            }

            return $"c{i}";
        })];
    }
}