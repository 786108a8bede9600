namespace MlOps.Training.Service.Jobs;

/// <summary>
/// Why a job retrains a model and how its result is judged: <see cref="EvaluationFraction"/> of the labelled production
/// rows are held out of training and score the new version against <see cref="ChampionVersion"/> (none when the
/// model had no champion).
/// </summary>
public sealed record RetrainDetails(
    Guid RequestId,
    int? ChampionVersion,
    double EvaluationFraction,
    string Reason,
    Guid? AlertId,
    Guid? ReportId);