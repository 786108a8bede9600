using System.Globalization;

using MlOps.Contracts.IntegrationEvents;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>A ground-truth label that was just joined to its logged prediction.</summary>
public sealed record JoinedLabel(
    string Tenant,
    Guid PredictionId,
    string Model,
    int Version,
    string Route,
    string? Label,
    double? Value,
    DateTimeOffset ServedAt,
    string Actual,
    double? ActualValue,
    DateTimeOffset LabelledAt)
{
    /// <remarks>A regression model's prediction is its value, written as text like the actual.</remarks>
    public FeedbackRecorded ToEvent() => new(
        PredictionId, Model, Version, Actual, Label ?? Value?.ToString(CultureInfo.InvariantCulture), ServedAt, LabelledAt, Tenant);
}