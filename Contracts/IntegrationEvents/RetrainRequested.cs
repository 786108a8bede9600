namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// Train a model again, and why. Training repeats the champion's job (or trains on <see cref="Dataset"/> when given)
/// with the labelled production rows served since <see cref="IncludeProductionSince"/>, holds out
/// <see cref="EvaluationFraction"/> of those rows, registers the result as challenger and compares it with the
/// champion on the held-out rows.
/// </summary>
/// <param name="RequestId">Names this request in the audit chain and in the <see cref="TrainingJobFinished"/> it causes.</param>
public sealed record RetrainRequested(
    string Model,
    string Reason,
    Guid? ReportId,
    Guid? AlertId,
    DateTimeOffset? IncludeProductionSince,
    DateTimeOffset RequestedAt,
    string Tenant,
    Guid? RequestId = null,
    string? Dataset = null,
    int? DatasetVersion = null,
    double EvaluationFraction = 0.3);