using System.Text.Json;

using Microsoft.ML;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// Makes a retrain's registered version the challenger, scores it against the champion on the held-out production
/// rows, and tags the version with the comparison.
/// </summary>
public sealed class ChallengerEvaluator(RegistryClient registry)
{
    public const string Alias = "challenger";
    public const string ComparisonTag = "comparison";

    private const int MaxReasonLength = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The comparison, or null when the model had no champion to compare with.</returns>
    public async Task<ChallengerComparison?> EvaluateAsync(
        TrainingJob job, RetrainDetails retrain, int registered, ModelTask task, TrainingTable evaluation, SearchOutcome outcome,
        CancellationToken cancellationToken)
    {
        var reason = $"retrain {retrain.RequestId}: {retrain.Reason}";
        await registry.SetAliasAsync(job.Tenant, job.CreatedBy, job.Model, Alias, registered, reason[..Math.Min(reason.Length, MaxReasonLength)],
            cancellationToken);
        if (retrain.ChampionVersion is not { } championVersion)
        {
            return null;
        }

        var package = await registry.DownloadPackageAsync(job.Tenant, job.Model, championVersion, cancellationToken);
        CheckComparable(package.Manifest, task, evaluation, championVersion);
        ITransformer championModel;
        await using (var model = package.OpenModel())
        {
            championModel = new MLContext().Model.Load(model, out _);
        }

        var comparison = ChallengerComparisons.Compare(task, evaluation,
            new Contender(championVersion, championModel, package.Manifest.Label.Classes),
            new Contender(registered, outcome.Model, outcome.Classes));
        await registry.TagVersionAsync(job.Tenant, job.CreatedBy, job.Model, registered,
            new Dictionary<string, string> { [ComparisonTag] = JsonSerializer.Serialize(comparison, Json) }, cancellationToken);
        return comparison;
    }

    /// <summary>The champion is scored on the dataset's feature columns, so it must have been trained on the same ones.</summary>
    private static void CheckComparable(ModelManifest champion, ModelTask task, TrainingTable evaluation, int version)
    {
        if (champion.Task != task)
        {
            throw new InvalidOperationException($"The champion, version {version}, is a {champion.Task} model; the retrain is {task}.");
        }

        var features = evaluation.Features.ToDictionary(feature => feature.Name, feature => feature.Kind);
        if (champion.Features.FirstOrDefault(feature => !features.TryGetValue(feature.Name, out var kind) || kind != feature.Kind) is { } missing)
        {
            throw new InvalidOperationException(
                $"The champion, version {version}, takes the {missing.Kind} feature '{missing.Name}', which the dataset does not have as such.");
        }
    }
}