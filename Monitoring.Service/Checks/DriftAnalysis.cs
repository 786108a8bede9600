using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Drift;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.Monitoring.Service.Profiles;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>
/// Turns a window's counts and labels into a report against a version's reference. It reads only bins, so its cost
/// is features × bins whatever the traffic was.
/// </summary>
public static class DriftAnalysis
{
    private const double ConceptSignificance = 0.05;

    public static DriftReport Analyse(
        Guid id, string trigger, ReferenceProfile reference, int version, WindowCounts counts,
        (long Labelled, long Correct, double SquaredErrors) labels, MonitoringPolicy policy,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var options = new DriftCheckOptions(Method(policy.Method), policy.FeatureThreshold, policy.MinimumRows);
        var critical = policy.CriticalFeatures.ToHashSet(StringComparer.Ordinal);
        var features = reference.Features
            .Select(feature => Compare(feature, counts.Of(Series.Feature, feature.Name), options, critical.Contains(feature.Name)))
            .ToList();
        var prediction = reference.Prediction is { } binning ? Compare(binning, counts.Of(Series.Prediction), options, critical: false) : null;

        var rows = counts.Rows;
        var tested = features.Where(feature => !feature.InsufficientData).ToList();
        var drifted = tested.Count(feature => feature.Drifted);
        var share = tested.Count == 0 ? 0 : (double)drifted / tested.Count;
        var criticalDrifted = tested.Where(feature => feature.Critical && feature.Drifted).Select(feature => feature.Name).ToList();
        var insufficient = rows < policy.MinimumRows || tested.Count == 0;
        var verdict = new DatasetVerdict(
            !insufficient && (share >= policy.DriftShare || criticalDrifted.Count > 0), insufficient, drifted, tested.Count, share, policy.DriftShare, criticalDrifted);

        var latency = counts.Of(Series.Latency);
        return new DriftReport(
            id, reference.Manifest.Model, version, trigger, from, to, now, rows, reference.Manifest.Profile.Rows,
            verdict, features, prediction, Concept(reference.Manifest, labels, policy),
            new LatencySummary(LatencyBins.Quantile(latency, 0.5), LatencyBins.Quantile(latency, 0.95), LatencyBins.Quantile(latency, 0.99)));
    }

    private static SeriesDrift Compare(FeatureBinning binning, IReadOnlyDictionary<short, long> live, DriftCheckOptions options, bool critical)
    {
        var current = new long[binning.Bins];
        foreach (var (bin, count) in live)
        {
            if (bin >= 0 && bin < current.Length)
            {
                current[bin] += count;
            }
        }

        var referenceHistogram = binning.Reference();
        var currentHistogram = binning.Current(current);
        var result = DriftTestChooser.Evaluate(referenceHistogram, currentHistogram, binning.ReferenceStd,
            binning.IsNumeric ? options : options with { Method = Categorical(options.Method) });
        var psi = result.InsufficientData ? (double?)null : DriftStatistics.Psi(referenceHistogram, currentHistogram);
        return new SeriesDrift(
            binning.Name, binning.IsNumeric ? "numeric" : "categorical", result.Method, Finite(result.Statistic), Finite(result.PValue),
            result.Threshold, result.Drifted, result.InsufficientData, Finite(psi), critical, binning.Edges, binning.Categories,
            binning.ReferenceCounts, current, binning.ReferenceMissing, live.GetValueOrDefault(FeatureBinning.Missing));
    }

    private static ConceptDrift Concept(ModelManifest manifest, (long Labelled, long Correct, double SquaredErrors) labels, MonitoringPolicy policy)
    {
        var (labelled, correct, squaredErrors) = labels;
        var regression = manifest.Task == ModelTask.Regression;
        var metric = regression ? "rmse" : "accuracy";
        double? reference = manifest.Metrics.HeldOut.TryGetValue(metric, out var value) && double.IsFinite(value) ? value : null;
        if (labelled < policy.ConceptMinLabeledRows || reference is null)
        {
            double? partial = labelled == 0 ? null : regression ? Math.Sqrt(squaredErrors / labelled) : (double)correct / labelled;
            return new ConceptDrift(metric, reference, partial, null, null, policy.AccuracyDrop, labelled, Drifted: false, InsufficientData: true);
        }

        double live, drop, pValue;
        if (regression)
        {
            var meanSquared = squaredErrors / labelled;
            live = Math.Sqrt(meanSquared);
            drop = reference.Value > 0 ? live / reference.Value - 1 : 0;
            // Under no change, n·MSE / reference MSE follows chi-square with n degrees of freedom.
            pValue = reference.Value > 0
                ? Distributions.ChiSquareSurvival(labelled * meanSquared / (reference.Value * reference.Value), (int)Math.Min(labelled, int.MaxValue))
                : 1;
        }
        else
        {
            live = (double)correct / labelled;
            drop = reference.Value - live;
            pValue = OneSidedBelow(reference.Value, live, labelled);
        }

        var drifted = drop >= policy.AccuracyDrop && pValue < ConceptSignificance;
        return new ConceptDrift(metric, reference, live, drop, pValue, policy.AccuracyDrop, labelled, drifted, InsufficientData: false);
    }

    /// <summary>P(accuracy this low or lower | the true accuracy is <paramref name="expected"/>), by the normal approximation.</summary>
    private static double OneSidedBelow(double expected, double observed, long rows)
    {
        var variance = expected * (1 - expected) / rows;
        if (variance <= 0)
        {
            return observed < expected ? 0 : 1;
        }

        var z = (expected - observed) / Math.Sqrt(variance);
        var tail = 0.5 * Distributions.ChiSquareSurvival(z * z, 1);
        return z > 0 ? tail : 1 - tail;
    }

    private static DriftMethod Method(string name) =>
        Enum.GetValues<DriftMethod>().FirstOrDefault(method => method != DriftMethod.Auto && method.Name() == name);

    /// <summary>A numeric-only method asked for in the policy falls back to Evidently's choice on categorical series.</summary>
    private static DriftMethod Categorical(DriftMethod method) =>
        method is DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein ? DriftMethod.Auto : method;

    private static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;
}