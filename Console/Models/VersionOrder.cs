using MlOps.Console.Api.Registry;

namespace MlOps.Console.Models;

/// <summary>
/// The versions table's order: by version, creation time, status, trainer or any held-out metric (<c>metric:auc</c>);
/// versions without the metric come last either way.
/// </summary>
public static class VersionOrder
{
    public const string MetricPrefix = "metric:";

    public static IReadOnlyList<ModelVersion> Sort(IEnumerable<ModelVersion> versions, string? sort, bool descending)
    {
        var key = sort ?? "version";
        if (key.StartsWith(MetricPrefix, StringComparison.Ordinal))
        {
            var metric = key[MetricPrefix.Length..];
            var (with, without) = (versions.Where(version => version.HeldOut.ContainsKey(metric)), versions.Where(version => !version.HeldOut.ContainsKey(metric)));
            var sorted = descending ? with.OrderByDescending(version => version.HeldOut[metric]) : with.OrderBy(version => version.HeldOut[metric]);
            return [.. sorted.ThenByDescending(version => version.Version), .. without.OrderByDescending(version => version.Version)];
        }

        return key switch
        {
            "created" => By(versions, version => version.CreatedAt, descending),
            "status" => By(versions, version => version.Status, descending),
            "trainer" => By(versions, version => version.Trainer ?? string.Empty, descending),
            _ => By(versions, version => version.Version, descending),
        };
    }

    /// <summary>The held-out metric names any of the versions has, in ordinal order.</summary>
    public static IReadOnlyList<string> MetricNames(IEnumerable<ModelVersion> versions) =>
        [.. versions.SelectMany(version => version.HeldOut.Keys).Distinct().Order(StringComparer.Ordinal)];

    private static List<ModelVersion> By<TKey>(IEnumerable<ModelVersion> versions, Func<ModelVersion, TKey> key, bool descending) =>
        [.. (descending ? versions.OrderByDescending(key) : versions.OrderBy(key)).ThenByDescending(version => version.Version)];
}