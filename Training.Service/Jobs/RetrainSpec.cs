using MlOps.Contracts.IntegrationEvents;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// The job a <see cref="RetrainRequested"/> asks for: the champion's own job again (on the dataset the request names,
/// when it names one), or a job with the defaults on the named dataset when the champion's job is not known here;
/// either way with the labelled production rows since the request's time and the retrain's details.
/// </summary>
public static class RetrainSpec
{
    /// <param name="original">The spec of the job that trained <paramref name="champion"/>, when it is known.</param>
    /// <returns>The spec, or why there is none.</returns>
    public static (TrainingJobSpec? Spec, string? Problem) Build(
        RetrainRequested request, Guid requestId, int? champion, TrainingJobSpec? original)
    {
        if (!(request.EvaluationFraction is >= 0 and < 1))
        {
            return (null, $"The evaluation fraction must be at least 0 and below 1, not {request.EvaluationFraction}.");
        }

        TrainingJobSpec spec;
        if (original is not null)
        {
            spec = original with
            {
                Model = request.Model,
                Dataset = request.Dataset ?? original.Dataset,
                DatasetVersion = request.Dataset is null ? request.DatasetVersion ?? original.DatasetVersion : request.DatasetVersion,
            };
        }
        else if (request.Dataset is not null)
        {
            var (defaults, errors) = TrainingJobValidator.Validate(
                new TrainingJobRequest(request.Model, new DatasetSelection(request.Dataset, request.DatasetVersion)));
            if (defaults is null)
            {
                return (null, string.Join(" ", errors.Values.SelectMany(messages => messages)));
            }

            spec = defaults;
        }
        else
        {
            return (null, champion is { } version
                ? $"The job that trained version {version} of '{request.Model}', the champion, is not known, and the request names no dataset."
                : $"Model '{request.Model}' has no champion to retrain, and the request names no dataset.");
        }

        return (spec with
        {
            IncludeProduction = new ProductionData(request.Model, request.IncludeProductionSince),
            Retrain = new RetrainDetails(requestId, champion, request.EvaluationFraction, request.Reason, request.AlertId, request.ReportId),
        }, null);
    }
}