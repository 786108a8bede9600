using System.Globalization;

using MlOps.Training.Service.Learning;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// Compares the winner's held-out metrics with the job's thresholds: a minimum for metrics where higher is
/// better, a maximum for errors and losses. Each failed gate is one reason.
/// </summary>
public static class QualityGates
{
    public static IReadOnlyList<string> Check(IReadOnlyDictionary<string, double> thresholds, IReadOnlyDictionary<string, double> heldOut)
    {
        var reasons = new List<string>();
        foreach (var (metric, threshold) in thresholds)
        {
            if (!heldOut.TryGetValue(metric, out var value))
            {
                reasons.Add($"Gate {metric}: the metric is not reported for this task.");
            }
            else if (Metrics.HigherIsBetter(metric) ? value < threshold : value > threshold)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Gate {metric}: held-out {value:F4} is {(Metrics.HigherIsBetter(metric) ? "below the minimum" : "above the maximum")} {threshold}."));
            }
        }

        return reasons;
    }
}