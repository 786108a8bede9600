namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A ground-truth label joined to the prediction it belongs to.</summary>
public sealed record FeedbackRecorded(
    Guid PredictionId,
    string Model,
    int Version,
    string Actual,
    string? Predicted,
    DateTimeOffset ServedAt,
    DateTimeOffset RecordedAt,
    string Tenant);