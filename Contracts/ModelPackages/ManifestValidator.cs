using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Contracts.ModelPackages;

/// <summary>
/// The rules a manifest must follow beyond being well-formed JSON. Each problem names the field by its JSON path.
/// Feature and label names are compared ignoring case, because requests to the model match them that way.
/// </summary>
internal static partial class ManifestValidator
{
    public static IReadOnlyList<string> Validate(ModelManifest manifest)
    {
        var problems = new List<string>();
        if (manifest.FormatVersion != ModelPackage.FormatVersion)
        {
            problems.Add($"formatVersion: {manifest.FormatVersion} is not supported; this reader understands {ModelPackage.FormatVersion}.");
            return problems;
        }

        if (manifest.Model is null || !ModelNameRule.IsValid(manifest.Model))
        {
            problems.Add($"model: '{manifest.Model}' is not a model name (1-100 of A-Z, a-z, 0-9, '_', '.', '-').");
        }

        if (!Enum.IsDefined(manifest.Task))
        {
            problems.Add($"task: {(int)manifest.Task} is not a known task (binary, multiclass, regression).");
        }

        ValidateFeatures(manifest.Features, problems);
        ValidateLabel(manifest, problems);
        ValidateMetrics(manifest.Metrics, problems);
        ValidateProfile(manifest.Profile, problems);
        ValidateTrainer(manifest.Trainer, problems);
        ValidateLineage(manifest.Lineage, problems);
        if (manifest.CreatedAt == default)
        {
            problems.Add("createdAt: is required.");
        }

        return problems;
    }

    private static void ValidateFeatures(IReadOnlyList<FeatureSchema>? features, List<string> problems)
    {
        if (features is null || features.Count == 0)
        {
            problems.Add("features: at least one feature is required.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            var path = $"features[{i}]";
            if (feature is null)
            {
                problems.Add($"{path}: is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(feature.Name))
            {
                problems.Add($"{path}.name: is required.");
            }
            else if (!seen.Add(feature.Name))
            {
                problems.Add($"{path}.name: '{feature.Name}' is not unique; feature names must differ (ignoring case).");
            }

            if (!Enum.IsDefined(feature.Kind))
            {
                problems.Add($"{path}.kind: {(int)feature.Kind} is not a known kind (numeric, categorical, boolean, text).");
            }
            else if (feature.Kind == FeatureKind.Categorical)
            {
                ValidateCategories(feature.Categories, $"{path}.categories", problems);
            }
            else if (feature.Categories is not null)
            {
                problems.Add($"{path}.categories: only a categorical feature has categories; this one is {KindName(feature.Kind)}.");
            }
        }
    }

    private static void ValidateCategories(IReadOnlyList<string>? categories, string path, List<string> problems)
    {
        if (categories is null || categories.Count == 0)
        {
            problems.Add($"{path}: a categorical feature needs a non-empty list of categories.");
            return;
        }

        if (categories.Any(category => category is null))
        {
            problems.Add($"{path}: a category is null.");
        }
        else if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Count)
        {
            problems.Add($"{path}: categories must be unique.");
        }
    }

    private static void ValidateLabel(ModelManifest manifest, List<string> problems)
    {
        var label = manifest.Label;
        if (label is null)
        {
            problems.Add("label: is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(label.Name))
        {
            problems.Add("label.name: is required.");
        }
        else if (manifest.Features?.Any(feature => string.Equals(feature?.Name, label.Name, StringComparison.OrdinalIgnoreCase)) == true)
        {
            problems.Add($"label.name: '{label.Name}' is also a feature; the label cannot be an input.");
        }

        var classes = label.Classes;
        if (classes is null)
        {
            problems.Add("label.classes: is required (an empty list for regression).");
            return;
        }

        switch (manifest.Task)
        {
            case ModelTask.Regression when classes.Count != 0:
                problems.Add($"label.classes: a regression model has no classes, but {classes.Count} are listed.");
                break;
            case ModelTask.Binary when classes.Count != 2:
                problems.Add($"label.classes: a binary model needs exactly 2 classes, not {classes.Count}.");
                break;
            case ModelTask.Multiclass when classes.Count < 2:
                problems.Add($"label.classes: a multiclass model needs at least 2 classes, not {classes.Count}.");
                break;
        }

        if (classes.Any(string.IsNullOrEmpty))
        {
            problems.Add("label.classes: a class is null or empty.");
        }
        else if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Count)
        {
            problems.Add("label.classes: classes must be unique.");
        }
    }

    private static void ValidateMetrics(ModelMetrics? metrics, List<string> problems)
    {
        if (metrics is null)
        {
            problems.Add("metrics: is required.");
            return;
        }

        ValidateMetricSet(metrics.CrossValidated, "metrics.crossValidated", problems);
        ValidateMetricSet(metrics.HeldOut, "metrics.heldOut", problems);
    }

    private static void ValidateMetricSet(IReadOnlyDictionary<string, double>? values, string path, List<string> problems)
    {
        if (values is null)
        {
            problems.Add($"{path}: is required (an empty object if there are none).");
            return;
        }

        // JSON has no NaN or infinity; a metric ML.NET could not compute must be left out rather than written.
        foreach (var (name, value) in values.Where(pair => !double.IsFinite(pair.Value)))
        {
            problems.Add($"{path}.{name}: {value} is not a finite number.");
        }
    }

    private static void ValidateProfile(DataProfile? profile, List<string> problems)
    {
        if (profile is null)
        {
            problems.Add("profile: is required.");
        }
        else if (profile.Columns is null)
        {
            problems.Add("profile.columns: is required.");
        }
        else if (profile.Rows < 0)
        {
            problems.Add($"profile.rows: {profile.Rows} is negative.");
        }
    }

    private static void ValidateTrainer(TrainerSettings? trainer, List<string> problems)
    {
        if (trainer is null)
        {
            problems.Add("trainer: is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(trainer.Name))
        {
            problems.Add("trainer.name: is required.");
        }

        if (trainer.HyperParameters is null)
        {
            problems.Add("trainer.hyperParameters: is required (an empty object if there are none).");
            return;
        }

        foreach (var (name, value) in trainer.HyperParameters)
        {
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add($"trainer.hyperParameters.{name}: must be a string, number or boolean, not {value.ValueKind}.");
            }
        }
    }

    private static void ValidateLineage(ModelLineage? lineage, List<string> problems)
    {
        if (lineage is null)
        {
            problems.Add("lineage: is required.");
            return;
        }

        if (lineage.Dataset is null)
        {
            problems.Add("lineage.dataset: is required.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(lineage.Dataset.Name))
            {
                problems.Add("lineage.dataset.name: is required.");
            }

            if (lineage.Dataset.Version < 1)
            {
                problems.Add($"lineage.dataset.version: {lineage.Dataset.Version} is not a version (1 or more).");
            }

            if (lineage.Dataset.Sha256 is null || !Sha256Hex().IsMatch(lineage.Dataset.Sha256))
            {
                problems.Add($"lineage.dataset.sha256: '{lineage.Dataset.Sha256}' is not a SHA-256 (64 lowercase hex digits).");
            }
        }

        if (lineage.JobId == Guid.Empty)
        {
            problems.Add("lineage.jobId: is required.");
        }

        if (lineage.RunId == Guid.Empty)
        {
            problems.Add("lineage.runId: is required.");
        }
    }

    private static string KindName(FeatureKind kind) => JsonSerializer.Serialize(kind).Trim('"');

    [GeneratedRegex(@"^[0-9a-f]{64}\z")]
    private static partial Regex Sha256Hex();
}