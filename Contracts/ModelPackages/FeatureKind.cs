using System.Text.Json.Serialization;

namespace MlOps.Contracts.ModelPackages;

/// <summary>How a column is understood: it decides featurisation in training and validation in serving.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    [JsonStringEnumMemberName("categorical")]
    Categorical,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("text")]
    Text,
}