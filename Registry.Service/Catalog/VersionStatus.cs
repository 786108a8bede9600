namespace MlOps.Registry.Service.Catalog;

public static class VersionStatus
{
    public const string Active = "active";

    /// <summary>Kept and downloadable, but never again champion or challenger.</summary>
    public const string Archived = "archived";
}