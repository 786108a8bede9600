namespace MlOps.Training.Service.Tracking;

/// <summary>Which lifecycle stages a listing or search includes.</summary>
public enum ViewType
{
    Active,
    Deleted,
    All,
}

public static class ViewTypes
{
    public const string Rule = "'viewType' must be active, deleted or all.";

    /// <summary>Reads <c>active|deleted|all</c> or MLflow's <c>ACTIVE_ONLY|DELETED_ONLY|ALL</c>; absent means active.</summary>
    public static bool TryParse(string? value, out ViewType viewType)
    {
        (var known, viewType) = value?.ToLowerInvariant() switch
        {
            null or "" or "active" or "active_only" => (true, ViewType.Active),
            "deleted" or "deleted_only" => (true, ViewType.Deleted),
            "all" => (true, ViewType.All),
            _ => (false, ViewType.Active),
        };
        return known;
    }
}