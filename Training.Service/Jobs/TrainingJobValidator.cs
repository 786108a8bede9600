using System.Text.RegularExpressions;

using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Service.Jobs;

/// <summary>Checks a job request field by field and fills in the defaults; errors are keyed by the field's JSON path.</summary>
public static partial class TrainingJobValidator
{
    public const int MaxTrials = 200;
    public const int MaxFolds = 10;

    public static (TrainingJobSpec? Spec, Dictionary<string, string[]> Errors) Validate(TrainingJobRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (request.Model is null || !ModelName().IsMatch(request.Model))
        {
            Fail("model", "A model name is 1 to 100 characters of letters, digits, '_', '.' and '-'.");
        }

        if (request.Dataset?.Name is not { } dataset || !DatasetName.IsValid(dataset))
        {
            Fail("dataset.name", "Name the dataset to train on: 1 to 64 characters of a-z, 0-9, '_' and '-'.");
        }

        if (request.Dataset?.Version is < 1)
        {
            Fail("dataset.version", "A dataset version is 1 or more.");
        }

        ModelTask? task = request.Task?.ToLowerInvariant() switch
        {
            null or "auto" => null,
            "binary" => ModelTask.Binary,
            "multiclass" => ModelTask.Multiclass,
            "regression" => ModelTask.Regression,
            _ => Invalid<ModelTask>("task", "The task is one of auto, binary, multiclass, regression."),
        };

        var strategy = request.Search?.Strategy?.ToLowerInvariant() switch
        {
            null or "random" => SearchStrategy.Random,
            "grid" => SearchStrategy.Grid,
            _ => Invalid<SearchStrategy>("search.strategy", "The search strategy is grid or random."),
        };

        var trials = request.Search?.Trials ?? 12;
        if (trials is < 1 or > MaxTrials)
        {
            Fail("search.trials", $"Trials must be between 1 and {MaxTrials}.");
        }

        var folds = request.Folds ?? 5;
        if (folds is < 2 or > MaxFolds)
        {
            Fail("folds", $"Folds must be between 2 and {MaxFolds}.");
        }

        var testFraction = request.TestFraction ?? 0.2;
        if (!(testFraction is > 0.05 and < 0.5))
        {
            Fail("testFraction", "The held-out fraction must be above 0.05 and below 0.5.");
        }

        var balance = request.ClassBalance?.ToLowerInvariant() switch
        {
            null or "none" => false,
            "weight" => true,
            _ => Invalid<bool>("classBalance", "Class balance is none or weight."),
        };

        var known = TrainerCatalog.All.Select(trainer => trainer.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (request.Trainers?.Count ?? 0); i++)
        {
            if (request.Trainers![i] is not { } name || !known.Contains(name))
            {
                Fail($"trainers[{i}]", $"Unknown trainer '{request.Trainers[i]}'. Known: {string.Join(", ", known.Order())}.");
            }
        }

        var allMetrics = new[] { ModelTask.Binary, ModelTask.Multiclass, ModelTask.Regression }.SelectMany(Metrics.For).ToHashSet();
        if (request.Metric is { } metric && !allMetrics.Contains(metric))
        {
            Fail("metric", $"Unknown metric '{metric}'. Known: {string.Join(", ", allMetrics.Order())}.");
        }

        foreach (var (name, threshold) in request.Thresholds ?? new Dictionary<string, double>())
        {
            if (!allMetrics.Contains(name) || !double.IsFinite(threshold))
            {
                Fail($"thresholds.{name}", $"A threshold names a known metric ({string.Join(", ", allMetrics.Order())}) and a finite number.");
            }
        }

        if (request.IncludeProduction is { } production && (production.Model is null || !ModelName().IsMatch(production.Model)))
        {
            Fail("includeProduction.model", "Name the model whose labelled production rows to add: 1 to 100 characters of letters, digits, '_', '.' and '-'.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new TrainingJobSpec(
            request.Model!, request.Dataset!.Name!, request.Dataset.Version, task, request.Trainers, strategy, trials, folds,
            request.Metric, request.Thresholds ?? new Dictionary<string, double>(), balance, testFraction, request.Seed ?? 42,
            request.IncludeProduction is { } included ? new ProductionData(included.Model!, included.Since) : null), errors);

        T Invalid<T>(string field, string message)
        {
            Fail(field, message);
            return default!;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex ModelName();
}