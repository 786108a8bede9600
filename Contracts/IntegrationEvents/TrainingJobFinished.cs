namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A training job ended: succeeded with a registered version, rejected by a gate, or failed.</summary>
/// <param name="RetrainRequestId">The <see cref="RetrainRequested.RequestId"/> the job was started for, if any.</param>
/// <param name="Comparison">For a retrain: the new version against the champion on held-out production rows.</param>
public sealed record TrainingJobFinished(
    Guid JobId,
    string Model,
    string Status,
    int? RegisteredVersion,
    IReadOnlyList<string> Reasons,
    DateTimeOffset FinishedAt,
    string Tenant,
    Guid? RetrainRequestId = null,
    ChallengerComparison? Comparison = null);

/// <summary>
/// A challenger and the champion scored on the same labelled production rows that neither was trained on.
/// <see cref="Metric"/> is the model's selection metric (accuracy for classifiers, rmse for regression);
/// <see cref="Margin"/> is how much better the challenger did, positive when better whichever way the metric points.
/// For classifiers, McNemar's test on the rows exactly one of them got right: <see cref="ChallengerOnlyCorrect"/>,
/// <see cref="ChampionOnlyCorrect"/> and the two-sided p-value with continuity correction.
/// </summary>
public sealed record ChallengerComparison(
    string Metric,
    int ChampionVersion,
    int ChallengerVersion,
    double ChampionValue,
    double ChallengerValue,
    double Margin,
    int Rows,
    int? ChallengerOnlyCorrect,
    int? ChampionOnlyCorrect,
    double? PValue);