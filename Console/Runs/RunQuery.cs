using System.Globalization;

using Microsoft.AspNetCore.WebUtilities;

namespace MlOps.Console.Runs;

/// <summary>What the runs table shows, as its URL holds it; the filter and sort go to the API as they are.</summary>
public sealed record RunQuery(string? Experiment, string? Filter, string? Sort, string? Cols, string? PageToken, int Size)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 200;

    public static int SizeOrDefault(int? size) => size is { } value ? Math.Clamp(value, 1, MaxSize) : DefaultSize;

    /// <summary>The search as the API takes it, for one page of <paramref name="maxResults"/> runs from <paramref name="pageToken"/>.</summary>
    public string ApiPath(int maxResults, string? pageToken) => Build("/api/training/runs", new()
    {
        ["experiment"] = Experiment,
        ["filter"] = Filter,
        ["orderBy"] = Sort,
        ["maxResults"] = maxResults.ToString(CultureInfo.InvariantCulture),
        ["pageToken"] = pageToken,
    });

    /// <summary>This view at <paramref name="path"/>, such as <c>/runs</c> or <c>/export/runs.csv</c>.</summary>
    public string Link(string path) => Build(path, new()
    {
        ["experiment"] = Experiment,
        ["filter"] = Filter,
        ["sort"] = Sort,
        ["cols"] = Cols,
        ["size"] = Size == DefaultSize ? null : Size.ToString(CultureInfo.InvariantCulture),
        ["pageToken"] = PageToken,
    });

    private static string Build(string path, Dictionary<string, string?> query) =>
        QueryHelpers.AddQueryString(path, query.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)));
}