namespace MlOps.Monitoring.Service.Policies;

/// <summary>
/// A condition on a drift check's outcome: <see cref="Metric"/> (of <see cref="Feature"/> for <c>psi</c>; the largest
/// over all features without one) compared by <see cref="Op"/> with <see cref="Threshold"/>. Breaking it opens an alert;
/// <see cref="Action"/> <c>retrain</c> also asks for a retrain when the policy allows one.
/// </summary>
public sealed record AlertRule(string Metric, string? Feature, string Op, double Threshold, string Action)
{
    public static readonly IReadOnlyList<string> Metrics = ["psi", "drift_share", "accuracy_drop", "p95_latency", "error_rate"];
    public static readonly IReadOnlyList<string> Ops = [">", ">=", "<", "<="];
    public static readonly IReadOnlyList<string> Actions = ["notify", "retrain"];

    /// <summary>Names the rule among a model's rules: an open alert is kept per key.</summary>
    public string Key => Feature is null ? $"{Metric} {Op} {Threshold:R}" : $"{Metric}({Feature}) {Op} {Threshold:R}";

    public bool IsBrokenBy(double value) => Op switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        _ => value <= Threshold,
    };
}