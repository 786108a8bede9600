using System.Text.RegularExpressions;

namespace MlOps.Registry.Service.Deployments;

public static partial class AliasName
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
    public const string Rule = "An alias is 1 to 64 characters of a-z, 0-9, '_' and '-'.";

    public static bool IsValid(string alias) => Pattern().IsMatch(alias);

    /// <summary>Champion and challenger are what inference serves, so only they are refused an archived version.</summary>
    public static bool IsServed(string alias) => alias is Champion or Challenger;

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}