using System.Text.RegularExpressions;

namespace MlOps.Training.Service.Datasets;

public static partial class DatasetName
{
    public const string Rule = "A dataset name is 1 to 64 characters of a-z, 0-9, '_' and '-'.";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}