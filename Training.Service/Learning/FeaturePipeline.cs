using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// The featurisation saved inside every model, so training and serving can never disagree: numeric columns get
/// their missing values replaced by the mean plus a missing-value indicator; categorical and boolean columns are
/// one-hot encoded (hashed beyond <see cref="OneHotLimit"/> categories); text is featurised; everything is
/// concatenated into one vector, normalised for linear learners.
/// </summary>
public static class FeaturePipeline
{
    public const int OneHotLimit = 100;

    public static IEstimator<ITransformer> Build(MLContext ml, TrainingTable table, bool normalize)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        foreach (var feature in table.Features)
        {
            switch (feature.Kind)
            {
                case FeatureKind.Numeric:
                    var filled = ColumnNames.Derived(feature.Name, "filled");
                    pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues(
                        filled, feature.Name, MissingValueReplacingEstimator.ReplacementMode.Mean));
                    parts.Add(filled);
                    if (feature.HasMissing)
                    {
                        var missing = ColumnNames.Derived(feature.Name, "missing");
                        pipeline = pipeline
                            .Append(ml.Transforms.IndicateMissingValues(missing, feature.Name))
                            .Append(ml.Transforms.Conversion.ConvertType(missing, outputKind: DataKind.Single));
                        parts.Add(missing);
                    }

                    break;
                case FeatureKind.Text:
                    var text = ColumnNames.Derived(feature.Name, "text");
                    pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText(text, feature.Name));
                    parts.Add(text);
                    break;
                default:
                    var encoded = ColumnNames.Derived(feature.Name, "onehot");
                    IEstimator<ITransformer> encoder = feature.DistinctStrings().Count > OneHotLimit
                        ? ml.Transforms.Categorical.OneHotHashEncoding(encoded, feature.Name, numberOfBits: 10)
                        : ml.Transforms.Categorical.OneHotEncoding(encoded, feature.Name);
                    pipeline = pipeline.Append(encoder);
                    parts.Add(encoded);
                    break;
            }
        }

        pipeline = pipeline.Append(ml.Transforms.Concatenate(ColumnNames.Features, [.. parts]));
        return normalize ? pipeline.Append(ml.Transforms.NormalizeMinMax(ColumnNames.Features)) : pipeline;
    }
}