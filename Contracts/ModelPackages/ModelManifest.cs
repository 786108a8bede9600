using System.Text.Json;

namespace MlOps.Contracts.ModelPackages;

/// <summary>
/// Everything about a trained model except the model itself: the input schema it serves, what it predicts, how well it
/// did, the training data's profile (the drift reference), how it was trained and from what. Stored as
/// <c>manifest.json</c> in a model package; <see cref="ModelPackage"/> writes, reads and validates it.
/// </summary>
/// <param name="FormatVersion">The package format; this library reads and writes <see cref="ModelPackage.FormatVersion"/>.</param>
/// <param name="Model">The registered model's name: 1–100 of <c>[A-Za-z0-9_.-]</c>.</param>
/// <param name="Features">The input schema, in the model's column order.</param>
/// <param name="Profile">The training data's profile, which monitoring compares live traffic with.</param>
public sealed record ModelManifest(
    int FormatVersion,
    string Model,
    ModelTask Task,
    LabelSchema Label,
    IReadOnlyList<FeatureSchema> Features,
    ModelMetrics Metrics,
    DataProfile Profile,
    TrainerSettings Trainer,
    ModelLineage Lineage,
    DateTimeOffset CreatedAt);

/// <summary>The predicted column.</summary>
/// <param name="Classes">The class labels a classifier answers with (exactly two for binary); empty for regression.</param>
public sealed record LabelSchema(string Name, IReadOnlyList<string> Classes);

/// <summary>One input column a request must carry.</summary>
/// <param name="Categories">The allowed values of a categorical feature; null for every other kind.</param>
public sealed record FeatureSchema(string Name, FeatureKind Kind, IReadOnlyList<string>? Categories = null);

/// <summary>Metric name to value, from k-fold cross-validation and from the held-out split.</summary>
public sealed record ModelMetrics(
    IReadOnlyDictionary<string, double> CrossValidated,
    IReadOnlyDictionary<string, double> HeldOut);

/// <summary>The ML.NET trainer that won and the hyper-parameters it was trained with.</summary>
/// <param name="HyperParameters">
/// Name to value. A value is a JSON string, number or boolean, kept as a <see cref="JsonElement"/> so that trainer
/// options of any of those types survive unchanged (a learning rate stays 0.1, a booster stays "gbdt");
/// <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/> makes one.
/// </param>
public sealed record TrainerSettings(string Name, IReadOnlyDictionary<string, JsonElement> HyperParameters);

/// <summary>Where the model came from: dataset version → training job → experiment run.</summary>
public sealed record ModelLineage(DatasetReference Dataset, Guid JobId, Guid RunId);

/// <summary>A dataset version the model was trained on, with the SHA-256 (lowercase hex) of its content.</summary>
public sealed record DatasetReference(string Name, int Version, string Sha256);