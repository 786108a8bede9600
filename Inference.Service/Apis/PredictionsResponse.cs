namespace MlOps.Inference.Service.Apis;

/// <summary>The shape <see cref="PredictionsResult"/> writes: one prediction per row, in request order.</summary>
public sealed record PredictionsResponse(IReadOnlyList<PredictionAnswer> Predictions);

/// <summary>
/// One row's answer: the class (<see cref="Label"/>) with a probability per class for a classifier, or the
/// <see cref="Value"/> for a regression; the version that answered and the route it took.
/// </summary>
public sealed record PredictionAnswer(
    Guid PredictionId,
    string? Label,
    double? Value,
    IReadOnlyDictionary<string, double>? Probabilities,
    int ModelVersion,
    string Route);