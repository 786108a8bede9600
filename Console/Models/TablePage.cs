namespace MlOps.Console.Models;

/// <summary>One page of a table sorted on the server; <see cref="Page"/> is clamped to the pages there are.</summary>
public sealed record TablePage<T>(IReadOnlyList<T> Items, int Page, int PageCount, int Total)
{
    public static TablePage<T> Of(IReadOnlyList<T> rows, int? page, int size)
    {
        var pageCount = Math.Max(1, (rows.Count + size - 1) / size);
        var current = Math.Clamp(page ?? 1, 1, pageCount);
        return new TablePage<T>([.. rows.Skip((current - 1) * size).Take(size)], current, pageCount, rows.Count);
    }
}