using System.Globalization;
using System.Text.Json;

using MlOps.Monitoring.Service.Drift;

namespace MlOps.Monitoring.Service.Profiles;

/// <summary>
/// How one series (an input feature or the prediction) is binned: by the reference's numeric bin edges (values
/// outside them fall into the first or last bin) or by its categories (anything else into a last "other" bin).
/// <see cref="Missing"/> is the bin of an absent or null value.
/// </summary>
public sealed class FeatureBinning
{
    public const short Missing = -1;

    private readonly double[]? _edges;
    private readonly Dictionary<string, short>? _categories;

    private FeatureBinning(string name, double[]? edges, IReadOnlyList<string>? categories, long[] referenceCounts, long referenceMissing, double? referenceStd)
    {
        Name = name;
        _edges = edges;
        Categories = categories;
        if (categories is not null)
        {
            _categories = new Dictionary<string, short>(StringComparer.Ordinal);
            for (var i = 0; i < categories.Count; i++)
            {
                _categories.TryAdd(categories[i], (short)i);
            }
        }

        ReferenceCounts = referenceCounts;
        ReferenceMissing = referenceMissing;
        ReferenceStd = referenceStd;
    }

    public string Name { get; }

    public IReadOnlyList<double>? Edges => _edges;

    /// <summary>The reference's categories in bin order; the bin after the last is "other".</summary>
    public IReadOnlyList<string>? Categories { get; }

    public IReadOnlyList<long> ReferenceCounts { get; }

    public long ReferenceMissing { get; }

    public double? ReferenceStd { get; }

    public int Bins => ReferenceCounts.Count;

    public bool IsNumeric => _edges is not null;

    /// <param name="std">The reference's standard deviation; estimated from the bins' midpoints when the profile lacks it.</param>
    public static FeatureBinning Numeric(string name, IReadOnlyList<double> edges, IReadOnlyList<long> counts, long missing, double? std) =>
        new(name, [.. edges], null, [.. counts], missing, std ?? BinnedStd(edges, counts));

    private static double BinnedStd(IReadOnlyList<double> edges, IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return 0;
        }

        var mids = counts.Select((_, i) => (edges[i] + edges[i + 1]) / 2).ToArray();
        var mean = counts.Select((count, i) => count * mids[i]).Sum() / total;
        return Math.Sqrt(counts.Select((count, i) => count * (mids[i] - mean) * (mids[i] - mean)).Sum() / total);
    }

    /// <param name="counts">The reference count of each category, then of "other".</param>
    public static FeatureBinning Categorical(string name, IReadOnlyList<string> categories, IReadOnlyList<long> counts, long missing) =>
        new(name, null, categories, [.. counts], missing, null);

    public Histogram Reference() => new(ReferenceCounts, _edges);

    public Histogram Current(IReadOnlyList<long> counts) => new(counts, _edges);

    public short BinOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => Missing,
        JsonValueKind.Number when _edges is not null => BinOf(value.GetDouble()),
        JsonValueKind.String when _edges is not null =>
            double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? BinOf(number) : Missing,
        JsonValueKind.True => BinOf("true"),
        JsonValueKind.False => BinOf("false"),
        JsonValueKind.String => BinOf(value.GetString()!),
        _ => BinOf(value.GetRawText()),
    };

    public short BinOf(double value)
    {
        if (_edges is null)
        {
            return BinOf(value.ToString(CultureInfo.InvariantCulture));
        }

        if (!double.IsFinite(value))
        {
            return Missing;
        }

        var bins = _edges.Length - 1;
        for (var bin = 1; bin < bins; bin++)
        {
            if (value < _edges[bin])
            {
                return (short)(bin - 1);
            }
        }

        return (short)(bins - 1);
    }

    public short BinOf(string category)
    {
        if (_categories is null)
        {
            return double.TryParse(category, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? BinOf(number) : Missing;
        }

        return _categories.TryGetValue(category, out var bin) ? bin
            : BooleanText.Normalize(category) is { } boolean && _categories.TryGetValue(boolean, out bin) ? bin
            : (short)Categories!.Count;
    }
}