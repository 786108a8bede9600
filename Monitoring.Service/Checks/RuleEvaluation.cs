using MlOps.Monitoring.Service.Policies;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>A rule measured on a report: its value (null when the report cannot tell) and whether it is broken.</summary>
public sealed record RuleOutcome(AlertRule Rule, double? Value, bool Broken);

public static class RuleEvaluation
{
    private const double Significance = 0.05;

    /// <param name="errorRate">The share of failed requests in the window, when it is known.</param>
    public static IReadOnlyList<RuleOutcome> Evaluate(IReadOnlyList<AlertRule> rules, DriftReport report, double? errorRate) =>
        [.. rules.Select(rule =>
        {
            var value = ValueOf(rule, report, errorRate);
            var broken = value is { } measured && rule.IsBrokenBy(measured)
                // A fall in accuracy counts only when the labels show it is not chance.
                && (rule.Metric != "accuracy_drop" || report.Concept.PValue < Significance);
            return new RuleOutcome(rule, value, broken);
        })];

    private static double? ValueOf(AlertRule rule, DriftReport report, double? errorRate) => rule.Metric switch
    {
        "psi" when rule.Feature is { } name => report.Features.FirstOrDefault(feature => feature.Name == name)?.Psi,
        "psi" => report.Features.Select(feature => feature.Psi).Where(psi => psi is not null).DefaultIfEmpty(null).Max(),
        "drift_share" => report.Dataset.InsufficientData ? null : report.Dataset.DriftedShare,
        "accuracy_drop" => report.Concept.InsufficientData ? null : report.Concept.Drop,
        "p95_latency" => report.Latency.P95Ms,
        "error_rate" => errorRate,
        _ => null,
    };
}