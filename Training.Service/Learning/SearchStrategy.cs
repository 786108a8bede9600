using System.Text.Json.Serialization;

namespace MlOps.Training.Service.Learning;

[JsonConverter(typeof(JsonStringEnumConverter<SearchStrategy>))]
public enum SearchStrategy
{
    [JsonStringEnumMemberName("random")]
    Random,

    [JsonStringEnumMemberName("grid")]
    Grid,
}