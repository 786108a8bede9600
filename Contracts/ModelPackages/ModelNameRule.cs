using System.Text.RegularExpressions;

namespace MlOps.Contracts.ModelPackages;

/// <summary>What a registered model's name may be, as every service checks it.</summary>
public static partial class ModelNameRule
{
    public const string Description = "A model name is 1 to 100 characters of A-Z, a-z, 0-9, '_', '.' and '-'.";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}\z")]
    private static partial Regex Pattern();
}