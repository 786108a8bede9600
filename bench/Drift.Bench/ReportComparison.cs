using MlOps.Monitoring.Service.Checks;

namespace MlOps.Drift.Bench;

/// <summary>Fails loudly unless two drift reports say the same about every series: counts, test, statistic, p-value and PSI.</summary>
public static class ReportComparison
{
    private const double Tolerance = 1e-9;

    public static void RequireSame(DriftReport expected, DriftReport actual, string what)
    {
        Require(expected.Rows == actual.Rows, what, $"rows {expected.Rows} vs {actual.Rows}");
        Require(expected.Features.Count == actual.Features.Count, what, "feature count");
        Require(expected.Dataset.Drifted == actual.Dataset.Drifted && expected.Dataset.DriftedFeatures == actual.Dataset.DriftedFeatures,
            what, "dataset verdict");
        foreach (var (left, right) in expected.Features.Append(expected.Prediction!).Zip(actual.Features.Append(actual.Prediction!)))
        {
            var series = $"{what}, {left.Name}";
            Require(left.Name == right.Name && left.Method == right.Method, series, $"{left.Name}/{left.Method} vs {right.Name}/{right.Method}");
            Require(left.Current.SequenceEqual(right.Current) && left.CurrentMissing == right.CurrentMissing, series, "bin counts");
            Close(left.Statistic, right.Statistic, series, "statistic");
            Close(left.PValue, right.PValue, series, "p-value");
            Close(left.Psi, right.Psi, series, "PSI");
            Require(left.Drifted == right.Drifted, series, "drifted");
        }

        Close(expected.Latency.P50Ms, actual.Latency.P50Ms, what, "latency p50");
        Close(expected.Latency.P99Ms, actual.Latency.P99Ms, what, "latency p99");
    }

    private static void Close(double? expected, double? actual, string what, string field) =>
        Require(expected.HasValue == actual.HasValue && (expected is null || Math.Abs(expected.Value - actual!.Value) <= Tolerance),
            what, $"{field} {expected} vs {actual}");

    private static void Require(bool condition, string what, string detail)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The drift statistics differ ({what}): {detail}.");
        }
    }
}