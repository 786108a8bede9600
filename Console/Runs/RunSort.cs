namespace MlOps.Console.Runs;

/// <summary>The table's sort, <c>?sort=metrics.auc desc</c>: one column and a direction.</summary>
public sealed record RunSort(RunColumn Column, bool Descending)
{
    /// <summary>A single <c>column [asc|desc]</c>; anything else is not a sort the table can show (the API still judges it).</summary>
    public static RunSort? Parse(string? sort)
    {
        var text = sort?.Trim() ?? string.Empty;
        var space = text.LastIndexOf(' ');
        var direction = space > 0 ? text[(space + 1)..] : string.Empty;
        var descending = direction.Equals("desc", StringComparison.OrdinalIgnoreCase);
        var name = descending || direction.Equals("asc", StringComparison.OrdinalIgnoreCase) ? text[..space] : text;
        return !name.Contains(',', StringComparison.Ordinal) && RunColumn.TryParse(name, out var column) ? new RunSort(column, descending) : null;
    }

    /// <summary>The sort after clicking a column's header: the other direction of the current column, else the best first.</summary>
    public static RunSort Toggle(RunSort? current, RunColumn column) =>
        current?.Column == column ? current with { Descending = !current.Descending } : new RunSort(column, Descending: column.IsNumeric);

    public override string ToString() => $"{Column.GrammarName} {(Descending ? "desc" : "asc")}";
}