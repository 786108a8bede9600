using System.Globalization;

namespace MlOps.Registry.Service.Catalog;

/// <summary>A version as it appears in a route: a positive integer.</summary>
public static class VersionNumber
{
    public const string Rule = "A version is a positive integer, such as 3.";

    public static bool TryParse(string value, out int version) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
}