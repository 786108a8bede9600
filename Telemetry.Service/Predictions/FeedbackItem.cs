namespace MlOps.Telemetry.Service.Predictions;

/// <summary>A ground-truth label for one prediction.</summary>
/// <param name="Actual">The label as text; a number is written in its shortest round-trip form (1.0 as "1").</param>
/// <param name="ActualValue">The label as a number, when it is one; regression error is measured with it.</param>
public sealed record FeedbackItem(Guid PredictionId, string Actual, double? ActualValue);

/// <summary>What became of a label: joined to its prediction or pending until it is logged, and whether it replaced an earlier one.</summary>
public sealed record FeedbackOutcome(Guid PredictionId, string Status, bool Replaced)
{
    public const string Joined = "joined";
    public const string Pending = "pending";
}