using System.Text.Json.Serialization;

namespace MlOps.Contracts.ModelPackages;

/// <summary>What a model predicts: it decides the label's classes, the trainers tried and the metrics reported.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelTask>))]
public enum ModelTask
{
    [JsonStringEnumMemberName("binary")]
    Binary,

    [JsonStringEnumMemberName("multiclass")]
    Multiclass,

    [JsonStringEnumMemberName("regression")]
    Regression,
}